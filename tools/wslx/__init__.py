# SPDX-License-Identifier: GPL-2.0-only
"""wslx: the harness around kbuild and QEMU.

Lanes (which kernel), the kernel cache, builds, guest runs, run records and
what is shown from them. Run as ``python3 -m wslx`` with ``tools/`` on the
import path; the top-level Makefile is the front door.
"""
