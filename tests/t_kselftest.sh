#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kselftest-harness tests of the module's interface: built statically
# with kselftest_harness.h taken from Debian's kernel source (never
# committed), and able to fail: in a guest where the module is not loaded
# they must report failures, not passes. (With the module loaded they run
# in every lane's main job: t_smoke_lanes.)
source "$(dirname "$0")/lib.sh"

mapfile -t bins < <("$WSLX_ROOT/ci/build_kselftest.sh" 2>/dev/null)
if [[ ${#bins[@]} -gt 0 ]] && file "${bins[@]}" | grep -q 'statically linked'; then
	pass "kselftest binaries built statically: ${bins[*]##*/}"
else
	fail "kselftest binaries built statically" "$(file "${bins[@]}" 2>&1)"
fi
if [[ -z $(cd "$WSLX_ROOT" && git ls-files -co --exclude-standard | grep -E 'kselftest(_harness)?\.h$') ]]; then
	pass "kselftest_harness.h and kselftest.h are not in the repository"
else
	fail "kselftest_harness.h and kselftest.h are not in the repository"
fi

use_lane debian-6.1
guest "/wslx_ring_test; echo \"# exit \$?\"" --timeout 120 --file "${bins[0]}:wslx_ring_test"
if grep -q '^not ok ' <<<"$OUT" && ! grep -q '^ok [0-9]* ring\.' <<<"$OUT" && grep -q '^# exit [1-9]' <<<"$OUT"; then
	pass "without the module loaded, the interface tests fail ($(grep -c '^not ok ' <<<"$OUT") not ok)"
else
	fail "without the module loaded, the interface tests fail" "$OUT"
fi
