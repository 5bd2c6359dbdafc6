"""Storage: the tables (models), engines and sessions (db), and the Alembic migrations."""
