"""The lifecycle model: pure pydantic models and rules. No I/O, no SQLite, no Textual."""
