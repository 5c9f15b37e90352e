# SPDX-License-Identifier: GPL-2.0-only
"""Kernel-core changes: one patch series replayed onto two bases (a clean
upstream line and a downstream one such as WSL's), built, booted, tested
and judged against each base's own baseline. See cycle.py for the order."""
