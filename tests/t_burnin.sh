#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Burn-in: 200 load/unload cycles on the real 6.1 and 6.12 kernels, the
# interface tests run while the module is loaded each time; every cycle
# must pass. (These kernels have no kmemleak: that check is a skip there.)
source "$(dirname "$0")/lib.sh"

for lane in debian-6.1 debian-6.12; do
	run_capture make -s -C "$WSLX_ROOT" burnin LANE="$lane" N=200
	OUT=$(cat "$WSLX_BUILD/lanes/$lane/burnin/results.ktap" 2>/dev/null || true)
	if [[ $RC -eq 0 ]] && grep -q '^ok 1 burn-in # 200 load/unload cycles' <<<"$OUT"; then
		pass "$lane: 200 load/unload cycles with the interface tests"
	else
		fail "$lane: 200 load/unload cycles with the interface tests" "exit $RC" "$OUT"
	fi
	if grep -q '^ok 2 kmemleak # SKIP the kernel has no kmemleak' <<<"$OUT"; then
		skip "$lane: kmemleak scan after the burn-in" "Debian's $lane kernel has no kmemleak"
	elif grep -q '^ok 2 kmemleak' <<<"$OUT"; then
		pass "$lane: kmemleak scan after the burn-in finds nothing"
	else
		fail "$lane: kmemleak scan after the burn-in" "$OUT"
	fi
done
