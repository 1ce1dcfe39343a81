"""Read-only reports over a book: they read through a BookService and never write."""
