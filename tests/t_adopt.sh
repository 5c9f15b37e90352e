#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A module nobody here wrote, adopted into a scratch copy of the framework
# by the README's sequence (replace src/, the example's tests and Kconfig,
# edit module.mk): vdev_user needs videodev, which Debian builds as a
# module, and has its own kselftest. make smoke must pass on real Debian
# kernels with the dependency closure loaded in the guest first.
source "$(dirname "$0")/lib.sh"

# scratch_copy DIR: the framework without build/ and .git, as a user's clone.
scratch_copy() {
	mkdir -p "$1"
	tar -C "$WSLX_ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$1" -xf -
}

# adopt_by_hand CLONE FIXTURE NAME: the README's "Adopting wslx for your
# module" steps, done with plain commands as a user would type them.
adopt_by_hand() {
	local clone=$1 from=$2 name=$3 upper
	upper=$(tr '[:lower:]' '[:upper:]' <<<"$name")
	scratch_copy "$clone"
	rm -rf "$clone/src" "$clone/tests/kselftest" "$clone/tests/guest/smoke.sh" "$clone/tests/faults.ini"
	mkdir -p "$clone/src" "$clone/tests/kselftest"
	cp "$from"/*.c "$clone/src/"
	if [[ -d $from/tests ]]; then cp "$from"/tests/*.c "$clone/tests/kselftest/"; fi
	printf 'config %s\n\ttristate "%s"\n' "$upper" "$name" >"$clone/Kconfig"
	sed -i -e "s/^MODULE_NAME := .*/MODULE_NAME := $name/" \
		-e "s/^MODULE_KCONFIG := .*/MODULE_KCONFIG := $upper/" \
		-e "s|^MODULE_SOURCES := .*|MODULE_SOURCES := $(cd "$clone" && echo src/*.c)|" \
		-e "s/^MODULE_SUMMARY := .*/MODULE_SUMMARY := $name, adopted by the tests/" \
		"$clone/module.mk"
}

clone=$TMP/vdev_user
adopt_by_hand "$clone" "$TESTS_DIR/fixtures/adopt/vdev_user" vdev_user
printf 'REQUIRED_CONFIG := CONFIG_VIDEO_DEV\nMODULE_PARAMS := units=3\n' >>"$clone/module.mk"
for lane in debian-6.1 debian-6.12; do
	run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" smoke LANE=$lane
	smoke=$(cat "$clone/build/lanes/$lane/latest/smoke.ktap" 2>/dev/null || true)
	if [[ $RC -eq 0 ]] && grep -q '^ok 1 dependencies # loaded first (depends=.*videodev' <<<"$smoke" &&
		grep -q '^ok 2 insert # params=units=3$' <<<"$smoke" &&
		grep -q '^ok [0-9]* params # 1 parameters read back' <<<"$smoke" &&
		grep -q '^ok [0-9]* kselftest # 2 passed' <<<"$ERR"; then
		pass "$lane: an adopted module that needs videodev loads with its dependencies and module.mk's parameters in QEMU; its own kselftest passes"
	else
		fail "$lane: an adopted module that needs videodev passes make smoke" "exit $RC" \
			"$(grep -E '^(not )?ok|wslx: error' <<<"$ERR")" "$(head -n 5 <<<"$smoke")"
	fi
done

# PARAMS= on make's command line wins over module.mk's.
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" smoke LANE=debian-6.12 PARAMS=units=5
if [[ $RC -eq 0 ]] && grep -q '^ok 2 insert # params=units=5$' "$clone/build/lanes/debian-6.12/latest/smoke.ktap"; then
	pass "make smoke PARAMS=units=5 loads the module with that parameter instead"
else
	fail "make smoke PARAMS= overrides module.mk's parameters" "exit $RC" "$(grep -E '^(not )?ok' <<<"$ERR")"
fi

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
	run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" smoke LANE=debian-6.12
	if [[ $RC -ne 0 ]] && grep -q "^not ok 2 build $name.ko # $clone/$first:[0-9]*:[0-9]*: warning: unused variable .unused." <<<"$ERR"; then
		pass "a compiler warning fails the build ($attempt), naming the file and line"
	else
		fail "a compiler warning fails the build ($attempt)" "exit $RC" "$(grep -E '^(not )?ok|warning' <<<"$ERR")"
	fi
done
printf 'WARNINGS := allow\n' >>"$clone/module.mk"
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" smoke LANE=debian-6.12
record=$clone/build/lanes/debian-6.12/latest/record.json
if [[ $RC -eq 0 ]] && grep -q "^ok 2 build $name.ko # 1 compiler warning allowed by module.mk (WARNINGS := allow)" <<<"$ERR" &&
	grep -q '1 compiler warning allowed by module.mk' "$record"; then
	pass "WARNINGS := allow lets the warning through, and the run says so (terminal and record)"
else
	fail "WARNINGS := allow lets the warning through, and says so" "exit $RC" "$(grep -E '^(not )?ok' <<<"$ERR")"
fi
