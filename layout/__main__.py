"""`python -m layout` runs the command line."""

from layout.cli.main import main

if __name__ == "__main__":
    main()
