"""The `banmian` command line: one module a command group, one exit-code vocabulary
(layout.errors.Exit) for all of them; `main` is the entry point."""
