"""`python -m tendtui` runs the command line, as `tendtui` does."""

from tendtui.cli import main

main()
