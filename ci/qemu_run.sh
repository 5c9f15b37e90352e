#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# qemu_run.sh --kernel IMAGE --plan SCRIPT --out DIR [--timeout SECONDS]
#             [--file SRC[:DEST]]...
# Boot IMAGE in QEMU with SCRIPT as the guest's plan; DIR gets
# results.ktap (the plan's output) and console.log. Exit status 0 the plan
# passed, 1 it failed, 2 the guest timed out or died. A thin wrapper over
# tools/wslx-cli guest (tools/wslx/guest.py), for the scripts not yet ported.
set -euo pipefail
exec "$(dirname "$0")/../tools/wslx-cli" guest "$@"
