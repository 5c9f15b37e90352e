#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Burn-in: 200 load/unload cycles on the real 6.1 and 6.12 kernels (and arm64 6.1), the
# interface tests run while the module is loaded each time; every cycle
# must pass. (These kernels have no kmemleak: that check is a skip there.)
# The three run at once, as make matrix runs lanes.
source "$(dirname "$0")/lib.sh"

# The guests are independent and QEMU's TCG runs one guest on one core:
# the lanes' burn-ins run at once, each writing its own results.
lanes=(debian-6.1 debian-6.12 debian-6.1-arm64)
pids=()
for lane in "${lanes[@]}"; do
	make -s -C "$WSLX_ROOT" burnin LANE="$lane" N=200 >"$TMP/$lane.out" 2>&1 &
	pids+=($!)
done
for i in "${!lanes[@]}"; do
	lane=${lanes[$i]}
	rc=0
	wait "${pids[$i]}" || rc=$?
	burnin_check "$lane" 200 "$rc"
	if grep -q '^ok 2 kmemleak # SKIP no leak check: the kernel has no kmemleak' <<<"$OUT"; then
		skip "$lane: kmemleak scan after the burn-in" "Debian's $lane kernel has no kmemleak"
	elif grep -q '^ok 2 kmemleak' <<<"$OUT"; then
		pass "$lane: kmemleak scan after the burn-in finds nothing"
	else
		fail "$lane: kmemleak scan after the burn-in" "$OUT"
	fi
done
