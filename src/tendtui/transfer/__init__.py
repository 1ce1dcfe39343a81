"""Books in and out: CSV import, exports, JSON dumps and merging copies of a book."""
