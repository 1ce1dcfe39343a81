"""Account exports in: decode the bytes (decode.py), map the headers (headers.py), read the
cells (cells.py), turn rows into accounts (rows.py), match and write them (importer.py), and
say what happened (report.py)."""
