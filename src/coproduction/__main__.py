"""Run the command line as ``python -m coproduction``."""

import sys

from coproduction.cli import main

if __name__ == "__main__":
    sys.exit(main())
