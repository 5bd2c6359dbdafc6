"""Project intentions and the pipeline: validation, storage and CSV import, stages with their
history, matching with calls, and the coordinator's overview."""
