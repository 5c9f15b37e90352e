#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A module whose init fails must be reported as a failed load, not a pass:
# built for the real 6.1 kernel, booted in QEMU, smoke-tested by modcheck.
source "$(dirname "$0")/lib.sh"

use_lane debian-6.1
ko=$(fixture_ko init_fails)
guest "modcheck smoke --ktap /init_fails.ko" --timeout 120 --file "$ko:init_fails.ko"
if [[ $RC -eq 1 ]] && grep -q '^not ok [0-9]* insert # No such device' <<<"$OUT"; then
	pass "smoke reports the failed init as 'not ok insert' and exits 1"
else
	fail "smoke reports the failed init as 'not ok insert' and exits 1" "runner exit $RC" "$OUT"
fi
if grep -q '^ok [0-9]* gone' <<<"$OUT" && grep -q 'init_fails: refusing to load' <<<"$OUT"; then
	pass "after the failed init the module is gone and its log line was captured"
else
	fail "after the failed init the module is gone and its log line was captured" "$OUT"
fi
if grep -q '^# wslx-guest: done rc=1' <<<"$OUT"; then
	pass "the guest finished its plan with status 1"
else
	fail "the guest finished its plan with status 1" "$OUT"
fi
