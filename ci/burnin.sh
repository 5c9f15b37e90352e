#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# burnin.sh LANE N: in one QEMU boot of the lane's kernel, load and unload
# the module N times, running the kselftest interface tests while it is
# loaded each time. Every cycle must pass modcheck smoke (live, tests pass,
# refcount 0, removed, no new taint, no WARNING/BUG/Oops/KASAN/kmemleak in
# the log). Where the kernel has kmemleak, a scan after the loop must
# report nothing. Prints KTAP; exits 1 on any failure.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"
# shellcheck source=ci/lib/ktap.sh
source "$WSLX_ROOT/ci/lib/ktap.sh"

[[ $# -eq 2 ]] || die "usage: burnin.sh LANE N"
lane=$1 n=$2
[[ $n =~ ^[1-9][0-9]*$ ]] || die "N=$n: not a positive number of cycles"
lane_load "$lane"
dir=$(lane_dir "$lane")
ko=$("$WSLX_ROOT/ci/build_module.sh" "$KDIR") || die "building the module failed"
mapfile -t tests < <("$WSLX_ROOT/ci/build_kselftest.sh")
out=$dir/burnin
mkdir -p "$out"

files=(--file "$ko:m.ko")
run=
for t in "${tests[@]}"; do
	files+=(--file "$t:kselftest/$(basename "$t")")
	run+="/kselftest/$(basename "$t") >/tmp/k.tap 2>&1 && "
done
run+=true
# The guest loop prints one line per failed cycle and a total at the end.
cat >"$out/plan.sh" <<PLAN
# What boot left unreferenced is not the module's: forget it first.
[ -w /sys/kernel/debug/kmemleak ] && echo clear >/sys/kernel/debug/kmemleak
i=1 failed=0
while [ \$i -le $n ]; do
	if ! modcheck smoke --ktap --run '$run' /m.ko >/tmp/cycle.ktap 2>&1; then
		failed=\$((failed + 1))
		echo "# cycle \$i failed: \$(grep -m 1 '^not ok' /tmp/cycle.ktap)"
		grep '^not ok' /tmp/k.tap | head -n 5 | sed 's/^/#   /'
	fi
	[ \$((i % 10)) -eq 0 ] && echo "# progress \$i/$n cycles, \$failed failed"
	i=\$((i + 1))
done
leaks=none
if [ -w /sys/kernel/debug/kmemleak ]; then
	# kmemleak reports no object younger than 5 s, and an object freed
	# while a scan runs is not reported: wait, then scan twice.
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	grep -A 12 'unreferenced object' /sys/kernel/debug/kmemleak | head -n 40 | sed 's/^/# kmemleak: /'
	leaks=\$(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak || true)
fi
echo "# burn-in: $n cycles, \$failed failed, kmemleak: \$leaks"
PLAN
# A debug kernel (KASAN, lockdep) runs several times slower under TCG:
# its lane says by how much (guest_slowdown=).
slow=$(lane_get "$lane" guest_slowdown 1)
[[ $slow =~ ^[1-9][0-9]*$ ]] || die "$(lane_file "$lane"): guest_slowdown=$slow: not a positive whole number"
step "burn-in on $lane: $n load/unload cycles with the interface tests"
rc=0
"$WSLX_ROOT/ci/qemu_run.sh" --kernel "$KERNEL_IMAGE" --plan "$out/plan.sh" --out "$out/guest" \
	--timeout $(((120 + 5 * n) * slow)) "${files[@]}" &
pid=$!
# Progress from the guest's results channel while it runs.
t0=$SECONDS
while ! wait_for "$pid" 30; do
	info "$(elapsed "$t0"): $(grep -a '^# progress' "$out/guest/results.ktap" 2>/dev/null | tail -n 1 | sed 's/^# progress //' || true)"
done
wait "$pid" || rc=$?
((rc <= 1)) || die "LANE=$lane: the guest did not finish the burn-in (console: $out/guest/console.log)"
total=$(grep -a '^# burn-in:' "$out/guest/results.ktap" || true)
ktap_begin "$out/results.ktap" 2
if [[ $total == "# burn-in: $n cycles, 0 failed, "* ]]; then
	ktap_result ok "burn-in" "$n load/unload cycles with the interface tests"
else
	ktap_result fail "burn-in" "${total:-no total} (see $out/guest/results.ktap)"
fi
case $total in
*"kmemleak: none") ktap_result skip kmemleak "the kernel has no kmemleak" ;;
*"kmemleak: 0") ktap_result ok kmemleak "no unreferenced objects after the loop" ;;
*) ktap_result fail kmemleak "${total##*kmemleak: } unreferenced objects" ;;
esac
((KTAP_FAILED == 0))
