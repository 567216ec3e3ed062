"""`python -m okrcoach` runs the command line."""

import sys

from okrcoach.cli import main

sys.exit(main())
