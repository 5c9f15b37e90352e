#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# smoke_lane.sh [--intree] LANE: the main job for a lane whose kernel is
# ready (a source lane's is built by build_source_lane.sh first). A thin
# wrapper over the harness: tools/wslx-cli smoke (tools/wslx/smoke.py).
set -euo pipefail
intree=()
[[ ${1:-} == --intree ]] && { intree=(--intree); shift; }
[[ $# -eq 1 ]] || { echo "wslx: error: usage: smoke_lane.sh [--intree] LANE" >&2; exit 1; }
exec "$(dirname "$0")/../tools/wslx-cli" smoke --prepared "${intree[@]}" "$1"
