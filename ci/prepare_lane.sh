#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# prepare_lane.sh LANE: fetch (Debian lanes) or build (source lanes, with
# the request of their last good build) the lane's kernel, cached, and
# write build/lanes/<lane>/kernel.json and kernel.env. A thin wrapper over
# tools/wslx-cli prepare, for the scripts not yet ported.
set -euo pipefail
[[ $# -eq 1 ]] || { echo "wslx: error: usage: prepare_lane.sh LANE" >&2; exit 1; }
exec "$(dirname "$0")/../tools/wslx-cli" prepare "$1"
