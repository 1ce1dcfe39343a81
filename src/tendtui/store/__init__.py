"""The book on disk: sqlite-utils over one SQLite file. Rows become domain models here."""
