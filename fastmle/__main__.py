"""``python -m fastmle ...``: the command-line interface (see :mod:`fastmle.cli`)."""
import sys

from fastmle.cli import main

if __name__ == "__main__":
    sys.exit(main())
