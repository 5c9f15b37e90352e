#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_wsl.sh [options]: lane L2, Microsoft's WSL2 6.6 kernel (ci/lanes/wsl-6.6.lane):
# build the pinned kernel, then the module, and smoke-test it in QEMU.
# Options as ci/build_source_lane.sh (--source, --full, --intree, ...).
set -euo pipefail
exec "$(dirname "$0")/build_source_lane.sh" wsl-6.6 "$@"
