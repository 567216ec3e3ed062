"""`python -m okrcoach` runs the command line."""

from okrcoach.cli import console

console()
