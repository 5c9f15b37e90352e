#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# source_rerun_bench.sh [LANE] [RUNS]: measured figures, not a test. The
# wall time of a warm rerun of a source lane on an unchanged tree (its last
# good build's source, remembered): checking the tree, finding the kernel
# built, building, verifying and smoke-testing the module in QEMU. Medians of
# RUNS runs (default 3). Goal: at most 5 s.
set -euo pipefail
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "$0")/../../packaging/dkms/shipped/lib.sh"

lane=${1:-upstream-6.6}
runs=${2:-3}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS=$runs: not a positive number"
[[ -f $WSLX_BUILD/lanes/$lane/source.json ]] ||
	die "LANE=$lane: its kernel is not built yet (run ci/build_source_lane.sh $lane --source DIR|TARBALL)"
run() { "$WSLX_ROOT/ci/build_source_lane.sh" "$lane" >/dev/null 2>&1 || die "$lane: the rerun failed"; }
step "warming $lane"
run
step "warm reruns of $lane ($runs)"
times=()
for _ in $(seq "$runs"); do
	t0=$(date +%s.%N)
	run
	times+=("$(echo "$(date +%s.%N) - $t0" | bc)")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
source=$(sed -n 's/^ *"source": "\(.*\)",$/\1/p' "$WSLX_BUILD/lanes/$lane/source.json")
printf 'lane %s (source %s), %s runs:\n' "$lane" "${source:-its pin}" "$runs"
printf '  warm rerun on an unchanged tree, with the smoke test: %ss median (goal <= 5s)\n' "$median"
