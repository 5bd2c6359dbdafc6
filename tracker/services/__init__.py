"""Long-running services: the crawl scheduler and `tracker up`, which runs everything together."""
