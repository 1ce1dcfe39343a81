"""The sample book: about forty believable accounts with a year of history (`tendtui demo`).

build.py replays every account's story (story.py, from the customers in data.py) through the
services, on a clock and an id source it injects, so the same date and seed give the same book.
"""
