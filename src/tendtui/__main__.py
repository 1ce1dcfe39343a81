"""`python -m tendtui` runs the command line."""

from tendtui.cli import main

if __name__ == "__main__":
    main()
