"""tendtui: tend a book of customer accounts from the terminal."""

__version__ = "0.1.0"
