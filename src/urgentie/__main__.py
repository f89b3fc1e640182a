"""``python -m urgentie``."""

from __future__ import annotations

import sys

from urgentie.cli import main

if __name__ == "__main__":
    sys.exit(main())
