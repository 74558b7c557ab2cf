"""Storage: SQLAlchemy models, engine and sessions, migrations, and the store functions."""
