#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_source_lane.sh LANE [--source DIR|TARBALL [--sha256 HEX]] [--full]
#                      [--fragment FILE]... [--intree] [--no-smoke]
# A source lane end to end: fetch its pinned kernel source (or take
# --source), configure and build the kernel, then build, verify and
# smoke-test the module in QEMU on it (--intree: also built in the kernel
# tree). A thin wrapper over tools/wslx-cli source-lane (tools/wslx/
# sourcelane.py); see tools/wslx-cli source-lane --help.
set -euo pipefail
exec "$(dirname "$0")/../tools/wslx-cli" source-lane "$@"
