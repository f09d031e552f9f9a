"""``python -m regimen``: the command line."""

from regimen.cli import main

main()
