#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Burn-in: 200 load/unload cycles on the real 6.1 and 6.12 kernels (and arm64 6.1), the
# interface tests run while the module is loaded each time; every cycle
# must pass. (These kernels have no kmemleak: that check is a skip there.)
source "$(dirname "$0")/lib.sh"

for lane in debian-6.1 debian-6.12 debian-6.1-arm64; do
	burnin_check "$lane" 200
	if grep -q '^ok 2 kmemleak # SKIP no leak check: the kernel has no kmemleak' <<<"$OUT"; then
		skip "$lane: kmemleak scan after the burn-in" "Debian's $lane kernel has no kmemleak"
	elif grep -q '^ok 2 kmemleak' <<<"$OUT"; then
		pass "$lane: kmemleak scan after the burn-in finds nothing"
	else
		fail "$lane: kmemleak scan after the burn-in" "$OUT"
	fi
done
