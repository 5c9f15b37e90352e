#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The debug source lane (upstream-6.6-debug: KASAN, kmemleak, lockdep,
# DEBUG_ATOMIC_SLEEP): the smoke test, the fault matrix (and the leaky
# build caught), and a 200-cycle burn-in after which a kmemleak scan finds
# nothing; and the same scan does find a module's real leak. Opt-in, outside the default run: building the kernel takes about
# 4 minutes here and the burn-in about 7 (the checkers slow the guest
# four-fold). WSLX_DEBUG_LANE=1 make test TESTS=debug_lane runs it.
source "$(dirname "$0")/lib.sh"

lane=upstream-6.6-debug
if [[ ${WSLX_DEBUG_LANE:-} != 1 ]]; then
	skip "$lane: smoke, fault matrix, 200-cycle burn-in and kmemleak scan" \
		"opt-in, about 12 minutes: WSLX_DEBUG_LANE=1 make test TESTS=debug_lane"
	exit 0
fi
tarball=$(debian_source_tarball 6.12) || { fail "Debian's linux-source-6.12 is available"; exit 0; }

run_capture "$WSLX_ROOT/ci/build_source_lane.sh" "$lane" --source "$tarball"
dir=$WSLX_BUILD/lanes/$lane
# shellcheck source=/dev/null
source "$dir/kernel.env"
if [[ $RC -eq 0 ]] && grep -q '^ok [0-9]* kselftest # 18 passed' "$dir/latest/results.ktap"; then
	pass "$lane: builds, boots (bzImage) and passes the smoke and kselftest tests"
else
	fail "$lane: smoke test" "exit $RC" "$(tail -n 5 <<<"$ERR")"
	exit 0
fi
missing=()
for opt in KASAN DEBUG_KMEMLEAK PROVE_LOCKING DEBUG_ATOMIC_SLEEP; do
	grep -q "^CONFIG_$opt=y" "$KDIR/.config" || missing+=("$opt")
done
if [[ ${#missing[@]} -eq 0 ]]; then
	pass "$lane: the kernel has KASAN, kmemleak, lockdep and DEBUG_ATOMIC_SLEEP"
else
	fail "$lane: the kernel has the checkers" "missing: ${missing[*]}"
fi

run_capture make -s -C "$WSLX_ROOT" faults LANE="$lane"
OUT=$(cat "$dir/faults-fault/latest/results.ktap" 2>/dev/null || true)
if [[ $RC -eq 0 ]] && [[ $(grep -c '^ok ' <<<"$OUT") -eq 11 ]]; then
	pass "$lane: fault matrix, 11 cases pass under KASAN and lockdep"
else
	fail "$lane: fault matrix" "exit $RC" "$(grep '^not ok' <<<"$OUT")"
fi
run_capture make -s -C "$WSLX_ROOT" faults LANE="$lane" LEAK=1
if [[ $RC -ne 0 ]] && grep -q '^not ok [0-9]* a clean load after misc_register=fail passes' "$dir/faults-fault-leak/latest/results.ktap"; then
	pass "$lane: the deliberately leaky build is caught"
else
	fail "$lane: the deliberately leaky build is caught" "exit $RC"
fi

burnin_check "$lane" 200
if grep -q '^ok 2 kmemleak # no unreferenced objects' <<<"$OUT"; then
	pass "$lane: the kmemleak scan after the burn-in finds nothing"
else
	fail "$lane: kmemleak scan after the burn-in" "$OUT"
fi

# The scan has teeth: a module that loses an allocation is found.
leaky=$(fixture_ko leaky) || { fail "the leaky fixture builds for $KREL"; exit 0; }
# shellcheck disable=SC2016 # the guest's shell expands it
guest "$(printf '%s\n' 'echo clear >/sys/kernel/debug/kmemleak' 'insmod /leaky.ko && rmmod leaky' 'sleep 6' \
	'echo scan >/sys/kernel/debug/kmemleak' 'echo scan >/sys/kernel/debug/kmemleak' \
	'echo "leaks=$(grep -c "unreferenced object 0x.* (size 256)" /sys/kernel/debug/kmemleak)"')" \
	--file "$leaky:leaky.ko" --timeout 480
if grep -q '^leaks=[1-9]' <<<"$OUT"; then
	pass "$lane: the kmemleak scan finds a module's real leak ($(grep '^leaks=' <<<"$OUT"))"
else
	fail "$lane: the kmemleak scan finds a module's real leak" "exit $RC" "$OUT"
fi
