#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# test_smoke.sh [--intree] LANE: the smoke test for a lane whose kernel is
# already built or fetched: build the module, verify it and test it in
# QEMU, without rebuilding the kernel. A source lane reuses the kernel of
# its last good ci/build_*.sh run.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"

args=("$@")
[[ ${1:-} == --intree ]] && shift
[[ $# -eq 1 ]] || die "usage: test_smoke.sh [--intree] LANE"
lane_file "$1" >/dev/null
if [[ $(lane_get "$1" kind) == source && ! -f $(lane_dir "$1")/source.env ]]; then
	die "LANE=$1: its kernel is not built yet (run ci/build_source_lane.sh $1 --source DIR|TARBALL)"
fi
exec "$WSLX_ROOT/ci/smoke_lane.sh" "${args[@]}"
