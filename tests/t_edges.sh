#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The edges a real module meets (issue 20), each reproduced first:
#  - a probe macro used without the compat header builds the kernel's API,
#    not the fallback (the answers are force-included);
#  - make status tells a failed build from a skip, with the first error;
#  - a build failed by warnings names the policy key on the terminal;
#  - a misspelled REQUIRED_CONFIG says no kernel knows the option;
#  - faults without cases is a skip with the reason; burn-in without tests
#    says so; kselftests that do not compile leave the smoke test running;
#  - kselftest results survive an unload that hangs;
#  - no traceback: a read-only cache or build folder, a crashing busybox;
#  - damaged build products (the guest's modcheck, the base initramfs) are
#    remade, never booted; SMOKE_TIMEOUT is bounded; make prepare LANE=.
# Runs beside the other tests (tests/run.sh): its modules are scratch copies
# with build folders of their own; it only reads the kernel cache.
# run: beside
source "$(dirname "$0")/lib.sh"
lane=debian-6.12

scratch_copy() {
	mkdir -p "$1"
	tar -C "$WSLX_ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$1" -xf -
}
# mk CLONE MAKE-ARGS...: make in a scratch copy; sets RC, OUT, ERR.
mk() {
	local clone=$1
	shift
	run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" "$@"
}

# 1. A probe macro without the compat header.
clone=$TMP/pmu
scratch_copy "$clone"
rm -rf "$clone/src" "$clone/tests/kselftest" "$clone/tests/guest" "$clone/tests/faults.ini"
mkdir -p "$clone/src"
cp "$TESTS_DIR/fixtures/probe_macro_user/pmu.c" "$clone/src/"
sed -i -e 's/^MODULE_NAME := .*/MODULE_NAME := pmu/' -e 's/^MODULE_KCONFIG := .*/MODULE_KCONFIG := PMU/' \
	-e 's|^MODULE_SOURCES := .*|MODULE_SOURCES := src/pmu.c|' "$clone/module.mk"
printf 'config PMU\n\ttristate "pmu"\n' >"$clone/Kconfig"
mk "$clone" smoke LANE=$lane
ko=$(ls "$clone"/build/lanes/$lane/latest/pmu.ko 2>/dev/null || true)
if [[ $RC -eq 0 && -n $ko ]] && nm -u "$ko" | grep -qw sysfs_emit && ! nm -u "$ko" | grep -qw sprintf; then
	pass "#ifdef HAVE_SYSFS_EMIT without the compat header: the .ko imports sysfs_emit, not sprintf, and passes smoke"
else
	fail "a probe macro without the compat header picks the kernel's API" "exit $RC" \
		"$(nm -u "$ko" 2>&1 | grep -E 'sysfs_emit|sprintf')" "$(grep -E '^(not )?ok|wslx:' <<<"$ERR")"
fi

# 2. A failed build: status says FAIL and why, not "skip skip skip"; a
# warning's failure names the policy key on the same terminal line.
clone=$TMP/warn
scratch_copy "$clone"
first=$(sed -n 's/^MODULE_SOURCES := \([^ ]*\).*/\1/p' "$clone/module.mk")
printf '\nstatic int __maybe_unused wslx_test_warning(void)\n{\n\tint unused;\n\n\treturn 0;\n}\n' >>"$clone/$first"
mk "$clone" smoke LANE=$lane
if [[ $RC -ne 0 ]] && grep -q "^not ok 3 build .*warning: unused variable .*(warnings fail the build: module.mk WARNINGS := allow lets them through)" <<<"$ERR"; then
	pass "a build failed by a warning names WARNINGS := allow on the terminal line"
else
	fail "a build failed by a warning names the policy key" "exit $RC" "$(grep -E '^(not )?ok' <<<"$ERR")"
fi
mk "$clone" status
if grep -Eq "^$lane +FAIL " <<<"$OUT" && grep -A1 "^$lane " <<<"$OUT" | grep -q "failed at build .*unused variable"; then
	pass "make status: FAIL with the first error for a lane whose build failed"
else
	fail "make status tells a failed build" "$(grep -A1 "^$lane " <<<"$OUT")"
fi

# 3. REQUIRED_CONFIG: a misspelled option is named as unknown; a skip is
# exit 0 from make, 77 from the harness, and make status says skipped.
printf 'REQUIRED_CONFIG := CONFIG_VIDEO_DEVV\n' >>"$clone/module.mk"
mk "$clone" smoke LANE=$lane
if [[ $RC -eq 0 ]] && grep -q "SKIP kernel .* lacks CONFIG_VIDEO_DEVV (module.mk REQUIRED_CONFIG); no kernel configuration here mentions CONFIG_VIDEO_DEVV ([0-9]* read): did you mean CONFIG_VIDEO_DEV?" <<<"$ERR"; then
	pass "a misspelled REQUIRED_CONFIG: skipped (make exits 0), with 'did you mean CONFIG_VIDEO_DEV?'"
else
	fail "a misspelled REQUIRED_CONFIG is named" "exit $RC" "$(grep -E '^(not )?ok|wslx:' <<<"$ERR")"
fi
run_capture env WSLX_BUILD="$clone/build" "$clone/tools/wslx-cli" smoke $lane
skip_rc=$RC
mk "$clone" status
if [[ $skip_rc -eq 77 ]] && grep -Eq "^$lane +SKIP " <<<"$OUT" && grep -A1 "^$lane " <<<"$OUT" | grep -q "skipped: kernel .* lacks CONFIG_VIDEO_DEVV"; then
	pass "the harness exits 77 for a skip; make status says SKIP with the reason"
else
	fail "a skip is told apart" "exit $skip_rc" "$(grep -A1 "^$lane " <<<"$OUT")"
fi
sed -i '/^REQUIRED_CONFIG := /d' "$clone/module.mk"

# 4. No fault cases: a skip with the reason; a burn-in without tests says so.
clone=$TMP/bare
scratch_copy "$clone"
rm -rf "$clone/tests/faults.ini" "$clone/tests/kselftest"
mk "$clone" faults LANE=$lane
if [[ $RC -eq 0 ]] && grep -q "^wslx: skip: LANE=$lane: no fault cases: this module declares none" <<<"$ERR"; then
	pass "make faults without tests/faults.ini: a skip with the reason, not an error"
else
	fail "make faults without cases is a skip" "exit $RC" "$ERR"
fi
mk "$clone" burnin LANE=$lane N=3
if [[ $RC -eq 0 ]] && grep -q "^ok 1 burn-in # 3 load/unload cycles without interface tests" <<<"$ERR" &&
	grep -q "^ok 2 kmemleak # SKIP no leak check: the kernel has no kmemleak" <<<"$ERR"; then
	pass "make burnin without interface tests says so, and that no leak check ran"
else
	fail "make burnin without tests says so" "exit $RC" "$(grep -E '^(not )?ok' <<<"$ERR")"
fi

# 5. A kselftest that does not compile fails its own step; the module is still
# loaded and checked (smoke passes).
clone=$TMP/badtest
scratch_copy "$clone"
tests=("$clone"/tests/kselftest/*.c)
printf 'int this_is_not_c(void) { return }\n' >>"${tests[0]}"
mk "$clone" smoke LANE=$lane
if [[ $RC -ne 0 ]] && grep -q '^ok 5 smoke in QEMU' <<<"$ERR" && grep -q '^not ok 6 kselftest # .* does not compile' <<<"$ERR"; then
	pass "a kselftest that does not compile: smoke still runs and passes, kselftest fails with the compiler error"
else
	fail "a broken kselftest leaves the smoke test running" "exit $RC" "$(grep -E '^(not )?ok' <<<"$ERR")"
fi

# 6. An unload that hangs: the kselftests that passed before it keep their results.
clone=$TMP/hang
scratch_copy "$clone"
exitfile=$(grep -l 'module_exit(' "$clone"/src/*.c | head -n 1)
exitfn=$(sed -n 's/^module_exit(\(.*\));$/\1/p' "$exitfile")
sed -i "/^static void __exit $exitfn(void)$/,/^{$/ s/^{$/{\n\tmsleep(3600 * 1000);/" "$exitfile"
sed -i '0,/^#include/ s//#include <linux\/delay.h>\n#include/' "$exitfile"
mk "$clone" smoke LANE=$lane SMOKE_TIMEOUT=60
if [[ $RC -ne 0 ]] && grep -q '^not ok 5 smoke in QEMU # guest did not finish within' <<<"$ERR" &&
	grep -q '^ok 6 kselftest # 18 passed' <<<"$ERR"; then
	pass "an unload that hangs fails the smoke step; the kselftests that ran keep their 18 passes"
else
	fail "kselftest results survive a hanging unload" "exit $RC" "$(grep -E '^(not )?ok' <<<"$ERR")"
fi

# 7. Damaged build products are remade, not booted: the guest's static
# modcheck and the base initramfs, cut short with their mtime kept.
clone=$TMP/products
scratch_copy "$clone"
mk "$clone" smoke LANE=$lane
static=$clone/build/tools/guest/modcheck-static
bases=("$clone"/build/guest/base-x86_64-*.cpio)
base=${bases[0]}
for f in "$static" "$base"; do
	cp -p "$f" "$TMP/orig"
	truncate -s 4096 "$f"
	touch -r "$TMP/orig" "$f"
done
mk "$clone" smoke LANE=$lane
if [[ $RC -eq 0 ]] && [[ $(stat -c %s "$static") -gt 4096 && $(stat -c %s "$base") -gt 4096 ]]; then
	pass "a truncated guest modcheck and base initramfs (mtime kept) are remade, and the run passes"
else
	fail "damaged build products are remade" "exit $RC" "$(grep -E '^(not )?ok' <<<"$ERR")"
fi

# 8. One line, never a traceback: read-only cache, read-only build folder,
# a busybox that crashes.
ro() {
	# ro DIR CMD...: CMD with DIR read-only, in a private mount namespace.
	local dir=$1
	shift
	# shellcheck disable=SC2016 # the inner bash expands them
	run_capture unshare --mount --propagation private -- bash -c \
		'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && "$@"' _ "$dir" "$@"
}
ro "$WSLX_CACHE" env WSLX_BUILD="$clone/build" make -s -C "$clone" smoke LANE=$lane
if [[ $RC -ne 0 ]] && ! grep -q Traceback <<<"$ERR" && grep -q "^wslx: error: .*Read-only file system" <<<"$ERR"; then
	pass "a read-only cache: one error line naming the file, no traceback"
else
	fail "a read-only cache is one line" "exit $RC" "$(tail -n 4 <<<"$ERR")"
fi
ro "$clone/build" env WSLX_BUILD="$clone/build" make -s -C "$clone" smoke LANE=$lane
if [[ $RC -ne 0 ]] && ! grep -q Traceback <<<"$ERR" && grep -q "^wslx: error: .*Read-only file system" <<<"$ERR"; then
	pass "a read-only build folder: one error line naming the file, no traceback"
else
	fail "a read-only build folder is one line" "exit $RC" "$(tail -n 4 <<<"$ERR")"
fi
printf '#include <signal.h>\nint main(void) { raise(SIGSEGV); return 0; }\n' >"$TMP/crash.c"
gcc -static -o "$TMP/busybox" "$TMP/crash.c"
# shellcheck disable=SC2016 # the inner bash expands them
run_capture unshare --mount --propagation private -- bash -c \
	'mount --bind "$1" /bin/busybox && shift && "$@"' _ "$TMP/busybox" \
	env WSLX_BUILD="$clone/build" make -s -C "$clone" smoke LANE=$lane
if [[ $RC -ne 0 ]] && ! grep -q Traceback <<<"$ERR" && grep -q "^not ok 5 smoke in QEMU # .*busybox --list-full failed (killed by SIGSEGV): that busybox is broken" <<<"$ERR" &&
	grep -q "fail" "$clone/build/lanes/$lane/last-attempt/record.json"; then
	pass "a busybox that crashes: one error line, and the run's record says why"
else
	fail "a crashing busybox is one line" "exit $RC" "$(tail -n 4 <<<"$ERR")"
fi

# 9. Bad values: SMOKE_TIMEOUT bounded (exit 2 from the harness: bad input);
# make prepare LANE= as make help says.
for v in 1e9 inf; do
	run_capture env WSLX_BUILD="$clone/build" SMOKE_TIMEOUT=$v "$clone/tools/wslx-cli" smoke $lane
	if [[ $RC -eq 2 ]] && grep -q "^wslx: error: SMOKE_TIMEOUT=$v: more than 86400 seconds" <<<"$ERR"; then
		pass "SMOKE_TIMEOUT=$v is refused in one line (exit 2: bad input)"
	else
		fail "SMOKE_TIMEOUT=$v is refused" "exit $RC" "$ERR"
	fi
done
mk "$clone" prepare LANE=$lane
if [[ $RC -eq 0 ]] && grep -q "==> $lane: kernel .* ready" <<<"$ERR"; then
	pass "make prepare LANE=$lane, as make help describes it"
else
	fail "make prepare LANE= works" "exit $RC" "$ERR"
fi
