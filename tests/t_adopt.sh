#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Modules nobody here wrote, adopted into scratch copies of the framework,
# by the README's sequence done by hand (replace src/, the example's tests
# and Kconfig, edit module.mk) and by make adopt FROM=, then built, verified,
# smoke-tested in QEMU on real Debian kernels, built by DKMS and packaged:
#  - vdev_user needs videodev, which Debian builds as a module (the guest
#    loads the closure first), and has its own kselftest;
#  - procfs_params (a classic Makefile and a dkms.conf) has a /proc file,
#    parameters, a version check and a guest shell check, no kselftests;
#  - subdir_compat has sources in subfolders, its own HAVE_* macro, version
#    checks make adopt maps to catalogue probes, and code gcc-10 warns about.
# Its modules are scratch copies with build folders of their own and it only
# reads the kernel cache, so it could run beside the others; it runs in the
# foreground, which balances the two streams (t_stack's replays grew).
source "$(dirname "$0")/lib.sh"

# scratch_copy DIR: the framework without build/ and .git, as a user's clone.
scratch_copy() {
	mkdir -p "$1"
	tar -C "$WSLX_ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$1" -xf -
}

# smoke_in CLONE LANE [VARS...]: make smoke in the scratch copy; sets RC,
# OUT, ERR and SMOKE (the run's smoke KTAP).
smoke_in() {
	run_capture env WSLX_BUILD="$1/build" make -s -C "$1" smoke LANE="$2" "${@:3}"
	SMOKE=$(cat "$1/build/lanes/$2/latest/smoke.ktap" 2>/dev/null || true)
}

# matrix_in CLONE LANE...: make matrix over the lanes in the scratch copy
# (each lane a make smoke of its own, at once within the cores); RC is its
# status. lane_results CLONE LANE then sets SMOKE and RES, that lane's last
# run's smoke KTAP and step results.
matrix_in() {
	run_capture env WSLX_BUILD="$1/build" make -s -C "$1" matrix LANES="${*:2}"
}
lane_results() {
	SMOKE=$(cat "$1/build/lanes/$2/latest/smoke.ktap" 2>/dev/null || true)
	RES=$(cat "$1/build/lanes/$2/latest/results.ktap" 2>/dev/null || true)
}

# adopt_by_hand CLONE FIXTURE NAME: the README's "Adopting wslx for your
# module" steps, done with plain commands as a user would type them.
adopt_by_hand() {
	local clone=$1 from=$2 name=$3 upper
	upper=$(tr '[:lower:]' '[:upper:]' <<<"$name")
	scratch_copy "$clone"
	rm -rf "$clone/src" "$clone/tests/kselftest" "$clone/tests/guest" "$clone/tests/faults.ini"
	mkdir -p "$clone/src" "$clone/tests/kselftest" "$clone/tests/guest"
	cp "$from"/*.c "$clone/src/"
	if [[ -d $from/tests ]]; then cp "$from"/tests/*.c "$clone/tests/kselftest/"; fi
	printf 'config %s\n\ttristate "%s"\n' "$upper" "$name" >"$clone/Kconfig"
	sed -i -e "s/^MODULE_NAME := .*/MODULE_NAME := $name/" \
		-e "s/^MODULE_KCONFIG := .*/MODULE_KCONFIG := $upper/" \
		-e "s|^MODULE_SOURCES := .*|MODULE_SOURCES := $(cd "$clone" && echo src/*.c)|" \
		-e "s/^MODULE_SUMMARY := .*/MODULE_SUMMARY := $name, adopted by the tests/" \
		"$clone/module.mk"
}

# dkms_and_packages CLONE NAME VERSION [OPTION]: the adopted module's real
# DKMS build for debian-6.12 from its DKMS tree, and its deb and rpm named
# NAME-dkms VERSION; with OPTION, both carry BUILD_EXCLUSIVE_CONFIG for it.
dkms_and_packages() {
	local clone=$1 name=$2 version=$3 option=${4:-} dk=$TMP/$2-dkms deb rpm want
	use_lane debian-6.12
	mkdir -p "$dk/dkms" "$dk/install/$KREL"
	"$clone/tools/wslx-cli" dkms-tree "$dk/src" >/dev/null 2>&1
	# sign_file: DKMS must not make a signing key on the host.
	dkt() {
		sign_file=/nonexistent dkms "$1" --dkmstree "$dk/dkms" --sourcetree "$dk/src" \
			--installtree "$dk/install" -m "$name" -v "$version" "${@:2}"
	}
	run_capture dkt add
	run_capture dkt build -k "$KREL" --kernelsourcedir "$KDIR"
	if [[ $RC -eq 0 && -f $dk/dkms/$name/$version/$KREL/x86_64/module/$name.ko ]]; then
		pass "DKMS builds the adopted $name $version for $KREL"
	else
		fail "DKMS builds the adopted $name" "exit $RC" "$(tail -n 5 <<<"$OUT$ERR")"
	fi
	run_capture "$clone/tools/wslx-cli" deb "$TMP/$name-deb"
	deb=$OUT
	run_capture "$clone/tools/wslx-cli" rpm "$TMP/$name-rpm"
	rpm=$OUT
	want='# (module.mk has no REQUIRED_CONFIG)'
	[[ -n $option ]] && want="BUILD_EXCLUSIVE_CONFIG=\"$option\""
	local pkg=${name//_/-}-dkms
	# Each package's dkms.conf taken out whole first, then read.
	dpkg-deb --fsys-tarfile "$deb" 2>&1 | tar -xOf - "./usr/src/$name-$version/dkms.conf" \
		>"$TMP/$name-deb.conf" 2>&1 || true
	rpm2cpio "$rpm" 2>&1 | cpio -i --quiet --to-stdout "./usr/src/$name-$version/dkms.conf" \
		>"$TMP/$name-rpm.conf" 2>&1 || true
	if [[ $(basename "$deb") == "${pkg}_${version}_all.deb" && $(basename "$rpm") == "$pkg-$version"-*.rpm ]] &&
		grep -qxF "$want" "$TMP/$name-deb.conf" && grep -qxF "$want" "$TMP/$name-rpm.conf"; then
		pass "the deb and rpm are $pkg $version and their dkms.conf says: $want"
	else
		fail "the deb and rpm carry the adopted module's name and options" "$deb" "$rpm" \
			"deb: $(grep -E 'EXCLUSIVE_CONFIG|REQUIRED|tar:' "$TMP/$name-deb.conf")" \
			"rpm: $(grep -E 'EXCLUSIVE_CONFIG|REQUIRED|cpio:' "$TMP/$name-rpm.conf")"
	fi
}

clone=$TMP/vdev_user
adopt_by_hand "$clone" "$TESTS_DIR/fixtures/adopt/vdev_user" vdev_user
printf 'REQUIRED_CONFIG := CONFIG_VIDEO_DEV\nMODULE_PARAMS := units=3\n' >>"$clone/module.mk"
matrix_in "$clone" debian-5.10 debian-6.1 debian-6.12
for lane in debian-5.10 debian-6.1 debian-6.12; do
	lane_results "$clone" "$lane"
	if [[ $RC -eq 0 ]] && grep -q '^ok 1 dependencies # loaded first (depends=.*videodev' <<<"$SMOKE" &&
		grep -q '^ok 2 insert # params=units=3$' <<<"$SMOKE" &&
		grep -q '^ok [0-9]* params # 1 parameters read back' <<<"$SMOKE" &&
		grep -q '^ok [0-9]* kselftest # 2 passed' <<<"$RES"; then
		pass "$lane: an adopted module that needs videodev loads with its dependencies and module.mk's parameters in QEMU; its own kselftest passes"
	else
		fail "$lane: an adopted module that needs videodev passes make smoke" "exit $RC" \
			"$RES" "$(head -n 5 <<<"$SMOKE")" "$(grep -- "$lane" <<<"$OUT$ERR" | tail -n 3)"
	fi
done

# PARAMS= on make's command line wins over module.mk's.
smoke_in "$clone" debian-6.12 PARAMS=units=5
if [[ $RC -eq 0 ]] && grep -q '^ok 2 insert # params=units=5$' "$clone/build/lanes/debian-6.12/latest/smoke.ktap"; then
	pass "make smoke PARAMS=units=5 loads the module with that parameter instead"
else
	fail "make smoke PARAMS= overrides module.mk's parameters" "exit $RC" "$(tail -n 8 <<<"$ERR")"
fi

expect_error "make smoke PARAMS= that is not name=value is one line" "PARAMS=units: not name=value: units" \
	env WSLX_BUILD="$clone/build" make -s -C "$clone" smoke LANE=debian-6.12 PARAMS=units

# A kernel without a REQUIRED_CONFIG option: Debian's cloud kernel has no
# V4L2. The lane is skipped with the reason, the build refused in one line,
# and the DKMS tree carries the option for DKMS to skip such kernels too.
run_capture env WSLX_BUILD="$clone/build" "$clone/ci/smoke_lane.sh" debian-6.1-cloud
if [[ $RC -eq 77 ]] && grep -q '^ok 1 prepare debian-6.1-cloud # SKIP kernel .*-cloud-amd64 lacks CONFIG_VIDEO_DEV (module.mk REQUIRED_CONFIG)' <<<"$ERR"; then
	pass "a lane whose kernel lacks CONFIG_VIDEO_DEV is skipped, with the reason"
else
	fail "a lane whose kernel lacks a required option is skipped" "exit $RC" "$(grep -E '^(not )?ok|wslx:' <<<"$ERR")"
fi
use_lane debian-6.1-cloud
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" modules KDIR="$KDIR"
if [[ $RC -ne 0 ]] && grep -q "^wslx: error: kernel $KREL lacks CONFIG_VIDEO_DEV, which module.mk's REQUIRED_CONFIG needs" <<<"$ERR"; then
	pass "make modules KDIR=<cloud headers> is refused in one line naming CONFIG_VIDEO_DEV"
else
	fail "a build for a kernel without a required option is refused in one line" "exit $RC" "$ERR"
fi
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" dkms-tree
if [[ $RC -eq 0 ]] && grep -qx 'BUILD_EXCLUSIVE_CONFIG="CONFIG_VIDEO_DEV"' "$clone/build/pkg/dkms/vdev_user-0.1.0/dkms.conf"; then
	pass "the DKMS tree's dkms.conf carries BUILD_EXCLUSIVE_CONFIG=\"CONFIG_VIDEO_DEV\""
else
	fail "dkms.conf carries BUILD_EXCLUSIVE_CONFIG" "exit $RC" "$ERR" "$(grep EXCLUSIVE "$clone"/build/pkg/dkms/*/dkms.conf)"
fi

dkms_and_packages "$clone" vdev_user 0.1.0 CONFIG_VIDEO_DEV

# The warnings gate: a warning fails the build, and fails it again on a plain
# rerun (kbuild leaves the .ko and objects behind; the gate must not pass on
# them); "WARNINGS := allow" in module.mk lets it through, said on the
# terminal and in the run's record, never silently.
clone=$TMP/warns
scratch_copy "$clone"
name=$(sed -n 's/^MODULE_NAME := //p' "$clone/module.mk")
first=$(sed -n 's/^MODULE_SOURCES := \([^ ]*\).*/\1/p' "$clone/module.mk")
printf '\nstatic int __maybe_unused wslx_test_warning(void)\n{\n\tint unused;\n\n\treturn 0;\n}\n' >>"$clone/$first"
for attempt in first rerun; do
	smoke_in "$clone" debian-6.12
	if [[ $RC -ne 0 ]] && grep -q "^not ok 3 build $name.ko # $clone/$first:[0-9]*:[0-9]*: warning: unused variable .unused." <<<"$ERR"; then
		pass "a compiler warning fails the build ($attempt), naming the file and line"
	else
		fail "a compiler warning fails the build ($attempt)" "exit $RC" "$(grep -E '^(not )?ok|warning' <<<"$ERR")"
	fi
done
printf 'WARNINGS := allow\n' >>"$clone/module.mk"
smoke_in "$clone" debian-6.12
record=$clone/build/lanes/debian-6.12/latest/record.json
if [[ $RC -eq 0 ]] && grep -q "^ok 3 build $name.ko # 1 compiler warning allowed by module.mk (WARNINGS := allow)" <<<"$ERR" &&
	grep -q '1 compiler warning allowed by module.mk' "$record"; then
	pass "WARNINGS := allow lets the warning through, and the run says so (terminal and record)"
else
	fail "WARNINGS := allow lets the warning through, and says so" "exit $RC" "$(grep -E '^(not )?ok' <<<"$ERR")"
fi

# make adopt: the same fixture adopted by the tool gives the same module.mk
# keys as by hand (the hand-edited REQUIRED_CONFIG and parameters aside).
auto=$TMP/vdev_user_auto
scratch_copy "$auto"
run_capture make -s -C "$auto" adopt FROM="$TESTS_DIR/fixtures/adopt/vdev_user"
keys() { grep -E '^(MODULE_NAME|MODULE_KCONFIG|MODULE_SOURCES) :=' "$1/module.mk"; }
hand=$TMP/vdev_user
if [[ $RC -eq 0 ]] && [[ $(keys "$auto") == "$(keys "$hand")" ]] &&
	[[ -f $auto/tests/kselftest/vdev_user_test.c && ! -e $auto/tests/faults.ini ]] &&
	grep -q '^config VDEV_USER$' "$auto/Kconfig"; then
	pass "make adopt FROM=vdev_user writes what the README's steps do: module.mk, Kconfig, its kselftest, no example tests"
else
	fail "make adopt matches the README's steps" "exit $RC" "$ERR" "$(diff <(keys "$auto") <(keys "$hand"))"
fi

# Bad input: one line, and nothing in the tree changed.
before=$(cd "$auto" && find src module.mk Kconfig tests/kselftest -type f -exec sha256sum {} + | sort)
expect_error "make adopt without FROM= says how to call it" \
	"adopt: give the module's folder: make adopt FROM=<path>" make -s -C "$auto" adopt
expect_error "make adopt FROM=<no such folder> names it" \
	"FROM=$TMP/nowhere: no such folder" make -s -C "$auto" adopt FROM="$TMP/nowhere"
expect_error "make adopt FROM=<a folder with no kbuild file> names what is missing" \
	"FROM=$TESTS_DIR/fixtures/adopt/procfs_params/tests: no Kbuild or Makefile" \
	make -s -C "$auto" adopt FROM="$TESTS_DIR/fixtures/adopt/procfs_params/tests"
after=$(cd "$auto" && find src module.mk Kconfig tests/kselftest -type f -exec sha256sum {} + | sort)
if [[ $before == "$after" ]]; then
	pass "a refused adopt leaves the tree as it was"
else
	fail "a refused adopt leaves the tree as it was" "$(diff <(echo "$before") <(echo "$after") | head -n 5)"
fi

# procfs_params: a classic Makefile, a dkms.conf, a version check.
procp=$TMP/procp
scratch_copy "$procp"
run_capture make -s -C "$procp" adopt FROM="$TESTS_DIR/fixtures/adopt/procfs_params"
if [[ $RC -eq 0 ]] && grep -qx 'MODULE_VERSION := 2.3.1' "$procp/module.mk" &&
	grep -qx 'REQUIRED_CONFIG := CONFIG_PROC_FS' "$procp/module.mk" &&
	grep -qx 'MODULE_SOURCES := src/procp.c' "$procp/module.mk" && [[ -x $procp/tests/guest/smoke.sh ]] &&
	grep -q '^src/procp.c:[0-9]*: #if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0)$' <<<"$OUT" &&
	grep -q '^    probes: HAVE_PROC_OPS' <<<"$OUT"; then
	pass "make adopt reads a classic Makefile and dkms.conf (version 2.3.1, CONFIG_PROC_FS) and maps the 5.6 check to HAVE_PROC_OPS"
else
	fail "make adopt of procfs_params" "exit $RC" "$OUT" "$ERR"
fi
# make adopt filled MODULE_PARAMS from procp's module_param()s, each at its
# default; the test then sets values of its own.
if grep -qx 'MODULE_PARAMS := answer=42 greeting=hello' "$procp/module.mk"; then
	pass "make adopt fills MODULE_PARAMS from the module's parameters at their defaults (answer=42 greeting=hello)"
else
	fail "make adopt fills MODULE_PARAMS" "$(grep MODULE_PARAMS "$procp/module.mk")"
fi
sed -i 's/^MODULE_PARAMS := .*/MODULE_PARAMS := answer=7 greeting=wslx/' "$procp/module.mk"
# crc7: a module to load first that nothing in procp names (MODULE_PRELOAD).
printf 'MODULE_PRELOAD := crc7\n' >>"$procp/module.mk"
matrix_in "$procp" debian-5.10 debian-6.1 debian-6.12
for lane in debian-5.10 debian-6.1 debian-6.12; do
	lane_results "$procp" "$lane"
	if [[ $RC -eq 0 ]] && grep -q '^ok 2 insert # params=answer=7 greeting=wslx$' <<<"$SMOKE" &&
		grep -q '^ok 1 dependencies # loaded first (depends=; preload=crc7)$' <<<"$SMOKE" &&
		grep -q '^ok [0-9]* run # ' <<<"$SMOKE" &&
		grep -q '^ok 6 kselftest # SKIP no interface tests' <<<"$RES"; then
		pass "$lane: procp passes make smoke: crc7 preloaded, its /proc check in the guest, its parameters, no interface tests (a skip)"
	else
		fail "$lane: procp passes make smoke" "exit $RC" "$RES" "$(grep -E '^(not )?ok' <<<"$SMOKE")"
	fi
done

# A module to preload that the kernel does not have: named before any boot.
sed -i 's/^MODULE_PRELOAD := crc7$/MODULE_PRELOAD := wslx_no_such_module/' "$procp/module.mk"
smoke_in "$procp" debian-6.12
if [[ $RC -ne 0 ]] && grep -q "^not ok 5 smoke in QEMU # the module needs wslx_no_such_module, which kernel 6.12[^ ]* has neither built in nor as a module" <<<"$ERR"; then
	pass "a MODULE_PRELOAD the kernel lacks is named before any boot"
else
	fail "a MODULE_PRELOAD the kernel lacks is named" "exit $RC" "$(grep -E '^(not )?ok' <<<"$ERR")"
fi
sed -i '/^MODULE_PRELOAD := /d' "$procp/module.mk"

# Its DKMS build for one lane, and its packages, named after it.
dkms_and_packages "$procp" procp 2.3.1 CONFIG_PROC_FS

# subdir_compat: subfolders, its own HAVE_ macro, version checks, gcc-10
# warnings on 5.10 (allowed by policy, and said).
sdc=$TMP/sdc
scratch_copy "$sdc"
run_capture make -s -C "$sdc" adopt FROM="$TESTS_DIR/fixtures/adopt/subdir_compat"
# shellcheck disable=SC2016 # $(wslx-dir) is make's, matched literally
if [[ $RC -eq 0 ]] && grep -qx 'MODULE_SOURCES := src/core/main.c src/lib/sum.c src/lib/compat.c' "$sdc/module.mk" &&
	grep -qxF 'MODULE_CFLAGS := -I$(wslx-dir)/src/include' "$sdc/module.mk" &&
	[[ -f $sdc/src/include/sdc.h ]] &&
	grep -A1 'KERNEL_VERSION(6, 4, 0)' <<<"$OUT" | grep -q 'probes: HAVE_CLASS_CREATE_ONE_ARG' &&
	grep -A1 'KERNEL_VERSION(6, 2, 0)' <<<"$OUT" | grep -q 'probes: HAVE_TIMER_DELETE_SYNC'; then
	pass "make adopt carries subfolders and its ccflags-y (as MODULE_CFLAGS), and maps the 6.4 and 6.2 checks to HAVE_CLASS_CREATE_ONE_ARG and HAVE_TIMER_DELETE_SYNC"
else
	fail "make adopt of subdir_compat" "exit $RC" "$OUT" "$ERR"
fi
smoke_in "$sdc" debian-5.10
if [[ $RC -ne 0 ]] && grep -q "^not ok 3 build sdc.ko # $sdc/src/core/main.c:[0-9]*:[0-9]*: warning: ISO C90 forbids mixed declarations and code" <<<"$ERR"; then
	pass "debian-5.10: gcc-10's warning fails the build by default, naming the adopted file"
else
	fail "debian-5.10: gcc-10's warning fails the build by default" "exit $RC" "$(grep -E '^(not )?ok' <<<"$ERR")"
fi
printf 'WARNINGS := allow\n' >>"$sdc/module.mk"
matrix_in "$sdc" debian-5.10 debian-6.1 debian-6.12
for lane in debian-5.10 debian-6.1 debian-6.12; do
	lane_results "$sdc" "$lane"
	if [[ $RC -eq 0 ]] && grep -q '^ok 5 smoke in QEMU' <<<"$RES"; then
		pass "$lane: sdc passes make smoke with WARNINGS := allow ($(grep -o 'ok 3 build sdc.ko.*' <<<"$RES"))"
	else
		fail "$lane: sdc passes make smoke with WARNINGS := allow" "exit $RC" "$RES"
	fi
done

dkms_and_packages "$sdc" sdc 0.9.4

# A module macro named like a generated one: an error naming both; with
# PROBE_PREFIX the generated names move out of the way and the module builds
# and passes (compat/ reads the WSLX_P_ spelling, whatever the prefix).
clone=$TMP/prefix
scratch_copy "$clone"
headers=("$clone"/src/*.h)
header=${headers[0]#"$clone/"}
printf '#define HAVE_NO_LLSEEK 1\n' >>"$clone/$header"
line=$(wc -l <"$clone/$header")
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" modules LANE=debian-6.12
if [[ $RC -ne 0 ]] && grep -q "^wslx: error: $header:$line: defines HAVE_NO_LLSEEK, which probes/no_llseek.c also generates: rename yours, or set PROBE_PREFIX in module.mk$" <<<"$ERR"; then
	pass "a module macro named like a probe's is an error naming both ($header:$line, probes/no_llseek.c)"
else
	fail "a module macro named like a probe's is an error naming both" "exit $RC" "$(grep 'wslx:' <<<"$ERR")"
fi
printf 'PROBE_PREFIX := RING_\n' >>"$clone/module.mk"
smoke_in "$clone" debian-6.12
generated=$(cat "$clone"/build/6.12*/compat/autoconf_compat.h 2>/dev/null || true)
if [[ $RC -eq 0 ]] && grep -q '^#define RING_HAVE_CLASS_CREATE_ONE_ARG 1' <<<"$generated" &&
	! grep -q '^#define HAVE_' <<<"$generated"; then
	pass "PROBE_PREFIX := RING_: the generated macros are RING_HAVE_*, and the module passes make smoke"
else
	fail "PROBE_PREFIX moves the generated names" "exit $RC" "$(grep -E '^(not )?ok|wslx:' <<<"$ERR")"
fi
