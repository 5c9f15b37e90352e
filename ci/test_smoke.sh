#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# test_smoke.sh [--intree] LANE: the smoke test for a lane whose kernel is
# already built or fetched: build the module, verify it and test it in
# QEMU, without rebuilding the kernel. A source lane reuses the kernel of
# its last good build. Wrapper over tools/wslx-cli smoke --prepared.
set -euo pipefail
exec "$(dirname "$0")/smoke_lane.sh" "$@"
