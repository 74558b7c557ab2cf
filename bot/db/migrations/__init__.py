"""Alembic migrations; a package only so that an installed awardbot ships them."""
