#!/bin/busybox sh
# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0-only
#
# burnin.sh N TEST...: in the test guest, N load/unload cycles of /wslx/m.ko
# with the interface tests (TEST...) run while it is loaded each time. One
# line per failed cycle, a "# progress" line every 10 cycles, and a total:
# "# burn-in: N cycles, F failed, kmemleak: none|COUNT".
set -eu
n=$1
shift
run=true
for t in "$@"; do
	run="$t >/tmp/k.tap 2>&1 && $run"
done
# What boot left unreferenced is not the module's: forget it first.
[ -w /sys/kernel/debug/kmemleak ] && echo clear >/sys/kernel/debug/kmemleak
# Modules to load first that nothing in the module names (module.mk's
# MODULE_PRELOAD), when the harness packed the list.
pre=$(cat /wslx/preload 2>/dev/null || true)
i=1 failed=0
while [ "$i" -le "$n" ]; do
	if ! modcheck smoke --ktap ${pre:+--preload "$pre"} --run "$run" /wslx/m.ko >/tmp/cycle.ktap 2>&1; then
		failed=$((failed + 1))
		echo "# cycle $i failed: $(grep -m 1 '^not ok' /tmp/cycle.ktap)"
		grep '^not ok' /tmp/k.tap 2>/dev/null | head -n 5 | sed 's/^/#   /' || true
	fi
	[ $((i % 10)) -eq 0 ] && echo "# progress $i/$n cycles, $failed failed"
	i=$((i + 1))
done
leaks=none
if [ -w /sys/kernel/debug/kmemleak ]; then
	# kmemleak reports no object younger than 5 s, and an object freed
	# while a scan runs is not reported: wait, then scan twice.
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	grep -A 12 'unreferenced object' /sys/kernel/debug/kmemleak | head -n 40 | sed 's/^/# kmemleak: /'
	leaks=$(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak || true)
fi
echo "# burn-in: $n cycles, $failed failed, kmemleak: $leaks"
