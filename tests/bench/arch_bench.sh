#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# arch_bench.sh [RUNS]: measured figures, not a test. Boot-to-result of the
# QEMU runner (boot, modcheck smoke of the module, power off) on x86_64 and
# arm64 kernels of the same Debian line, alternating, in one run: each
# lane's own kernel and .ko, the same plan. Prints the medians of RUNS runs
# (default 3) and the arm64/x86_64 ratio per line.
set -euo pipefail
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "$0")/../../packaging/dkms/shipped/lib.sh"

runs=${1:-3}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS=$runs: not a positive number"
name=$(identity MODULE_NAME)
cli=$WSLX_ROOT/tools/wslx-cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
printf 'modcheck smoke --ktap /%s.ko\n' "$name" >"$tmp/plan.sh"

# boot LANE: one boot-to-result of LANE's kernel with its module, in seconds.
boot() {
	local t0
	# shellcheck source=/dev/null
	source "$WSLX_BUILD/lanes/$1/kernel.env"
	t0=$(now)
	# shellcheck disable=SC2153 # KREL comes from kernel.env
	"$WSLX_ROOT/ci/qemu_run.sh" --arch "$("$cli" lane-get "$1" arch)" --kernel "$KERNEL_IMAGE" \
		--plan "$tmp/plan.sh" --out "$tmp/$1" --file "$WSLX_BUILD/$KREL/$name.ko:$name.ko" \
		>/dev/null 2>&1 || die "$1: the runner's smoke failed during the benchmark"
	echo "$(now) - $t0" | bc
}

for line in 6.1 6.12; do
	x86=debian-$line arm=debian-$line-arm64
	for lane in "$x86" "$arm"; do
		step "warming $lane"
		"$cli" build --lane "$lane" >/dev/null 2>&1 || die "$lane: the module does not build; fix that first"
	done
	step "boot-to-result on $line: $x86 vs $arm, alternating ($runs each)"
	for _ in $(seq "$runs"); do
		boot "$x86" >>"$tmp/$x86.t"
		boot "$arm" >>"$tmp/$arm.t"
	done
	a=$(median <"$tmp/$x86.t") b=$(median <"$tmp/$arm.t")
	printf 'line %s, %s runs, medians: x86_64 (%s) %ss, arm64 (%s) %ss, arm64 / x86_64: %s\n' \
		"$line" "$runs" "$x86" "$a" "$arm" "$b" "$(echo "scale=2; $b / $a" | bc)"
done
