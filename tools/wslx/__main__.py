# SPDX-License-Identifier: GPL-2.0-only
"""Entry point: python3 -m wslx COMMAND ..."""
import sys

from wslx.cli import main

sys.exit(main(sys.argv[1:]))
