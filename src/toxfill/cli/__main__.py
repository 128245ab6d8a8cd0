"""`python -m toxfill.cli`: the same command line as `toxfill`."""

from toxfill.cli import main

main()
