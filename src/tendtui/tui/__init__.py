"""The Textual board: the only package that imports textual."""
