#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_upstream_6_6.sh [options]: lane L1, upstream 6.6.y longterm (ci/lanes/upstream-6.6.lane):
# build the pinned kernel, then the module, and smoke-test it in QEMU.
# Options as ci/build_source_lane.sh (--source, --full, --intree, ...).
set -euo pipefail
exec "$(dirname "$0")/build_source_lane.sh" upstream-6.6 "$@"
