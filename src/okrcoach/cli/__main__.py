"""`python -m okrcoach.cli` runs the command line."""

import sys

from okrcoach.cli import main

sys.exit(main())
