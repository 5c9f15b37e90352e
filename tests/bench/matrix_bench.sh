#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# matrix_bench.sh [LANES...]: measured figures, not a test. A warm make
# matrix of the lanes against the same lanes' warm make smoke one after
# another, in the same run (default: the eight Debian lanes, six x86_64 and
# two arm64). Each lane is smoke-tested once first, so that both sides find
# kernels, probes and builds cached. Prints both wall times and the ratio
# (issue 22's goal: <= 0.6 on 2 cores).
set -euo pipefail
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "$0")/../../packaging/dkms/shipped/lib.sh"

if [[ $# -eq 0 ]]; then
	set -- debian-5.10 debian-6.1 debian-6.1-rt debian-6.1-cloud debian-6.12 debian-7.2 \
		debian-6.1-arm64 debian-6.12-arm64
fi
now() { date +%s.%N; }
for lane in "$@"; do
	make -s -C "$WSLX_ROOT" smoke LANE="$lane" >/dev/null 2>&1 || die "$lane: make smoke fails; fix it first"
done
t0=$(now)
for lane in "$@"; do
	make -s -C "$WSLX_ROOT" smoke LANE="$lane" >/dev/null 2>&1
done
serial=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
t0=$(now)
make -s -C "$WSLX_ROOT" matrix LANES="$*" >/dev/null 2>&1
parallel=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
printf 'lanes: %s (%s cores)\n' "$*" "$(nproc)"
printf '  warm make smoke, one after another: %ss\n' "$serial"
printf '  warm make matrix:                   %ss\n' "$parallel"
awk -v p="$parallel" -v s="$serial" 'BEGIN { printf "  matrix / serial: %.2f (goal <= 0.6)\n", p / s }'
