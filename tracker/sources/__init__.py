"""Sources and ingest: the registry of sources, the record every parser yields, crawls run as
subprocesses, ingesting their records with change history, and each source's health."""
