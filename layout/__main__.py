"""`python -m layout` runs the command line."""

from layout.cli import main

if __name__ == "__main__":
    main()
