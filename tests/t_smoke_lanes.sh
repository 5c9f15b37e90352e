#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The main job on each distro lane (5.10, 6.1, 6.12, 7.2), as a user runs
# it: make matrix LANES=... W=1, a make smoke per lane. The module must
# build warning-free, pass verify, load in the lane's real kernel under
# QEMU, pass its functional check and unload.
source "$(dirname "$0")/lib.sh"

# The four lanes at once, as a user checks them: make matrix (each lane a
# make smoke of its own, within the machine's cores).
lanes=(debian-5.10 debian-6.1 debian-6.12 debian-7.2)
run_capture make -s -C "$WSLX_ROOT" matrix LANES="${lanes[*]}" W=1
matrix_rc=$RC
for lane in "${lanes[@]}"; do
	dir=$WSLX_BUILD/lanes/$lane/latest
	if [[ $matrix_rc -eq 0 ]] && grep -q '^ok 5 smoke in QEMU' "$dir/results.ktap" &&
		grep -q '^ok [0-9]* run # /wslx/guest_tests.sh' "$dir/smoke.ktap" &&
		grep -q '^ok 6 kselftest # [1-9][0-9]* passed' "$dir/results.ktap" &&
		grep -q '^ok [0-9]* insert' "$dir/smoke.ktap" && grep -q '"verdict": "PASS"' "$dir/record.json"; then
		pass "make smoke LANE=$lane: built, verified, loaded, checked, kselftest $(sed -n 's/^ok 6 kselftest # //p' "$dir/results.ktap"), unloaded in QEMU"
	else
		fail "make smoke LANE=$lane" "make matrix: exit $matrix_rc" "$(grep -- "$lane" <<<"$OUT$ERR" | tail -n 5)" \
			"$(cat "$dir/results.ktap" 2>/dev/null)"
	fi
	# shellcheck source=/dev/null
	source "$WSLX_BUILD/lanes/$lane/kernel.env"
	# W=1 must really have reached the compiler (kbuild adds -Wextra).
	log=$WSLX_BUILD/$KREL/build.log
	if grep -q -- '-Wextra' "$WSLX_BUILD/$KREL/src/.ring_main.o.cmd" 2>/dev/null &&
		! grep -q 'warning:' "$log"; then
		pass "$lane: W=1 build has no compiler warnings"
	else
		fail "$lane: W=1 build has no compiler warnings" "$(grep -m 3 warning: "$log" || echo "no -Wextra in the compile command")"
	fi
done
