#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The fault-point matrix on the real 6.1 and 6.12 kernels (and arm64 6.1): every init-path
# point set to "fail" makes the load fail cleanly, a clean load after it
# passes, I/O faults reach the caller, bad rules are refused by name. And
# the deliberately leaky build (the class leaked on an error path) is
# caught: the checks must fail on it.
source "$(dirname "$0")/lib.sh"

for lane in debian-6.1 debian-6.12 debian-6.1-arm64; do
	run_capture make -s -C "$WSLX_ROOT" faults LANE="$lane"
	OUT=$(cat "$WSLX_BUILD/lanes/$lane/faults-fault/latest/results.ktap" 2>/dev/null || true)
	if [[ $RC -eq 0 ]] && [[ $(grep -c '^ok ' <<<"$OUT") -eq 11 ]]; then
		pass "$lane: fault matrix, 11 cases pass"
	else
		fail "$lane: fault matrix" "exit $RC" "$(grep '^not ok' <<<"$OUT")" "$(tail -n 3 <<<"$ERR")"
	fi
done

run_capture make -s -C "$WSLX_ROOT" faults LANE=debian-6.1 LEAK=1
OUT=$(cat "$WSLX_BUILD/lanes/debian-6.1/faults-fault-leak/latest/results.ktap" 2>/dev/null || true)
if [[ $RC -ne 0 ]] && grep -q '^not ok [0-9]* a clean load after misc_register=fail passes # not ok [0-9]* insert # File exists' <<<"$OUT" &&
	grep -q "sysfs: cannot create duplicate filename '/class/wslx'" \
		"$WSLX_BUILD/lanes/debian-6.1/faults-fault-leak/latest/channel.log"; then
	pass "the deliberately leaky build is caught: the leaked class makes the next load fail"
else
	fail "the deliberately leaky build is caught" "exit $RC" "$OUT"
fi
