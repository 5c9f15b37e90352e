#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# smoke_lane.sh [--intree] LANE: the main job for one lane. Prepare the lane's kernel,
# build the module against it, verify the .ko fits that kernel, boot the
# kernel in QEMU and smoke-test the module there, running the module's
# guest checks (tests/guest/smoke.sh) and kselftest tests (tests/kselftest/)
# while it is loaded. Leaves its evidence in build/lanes/<lane>/:
# results.ktap, summary, the .ko, logs, guest output.
#
# --intree (source lanes): build the module inside the lane's kernel tree
# (ci/build_intree.sh) instead of out of tree, and test that kernel and
# .ko; results in build/lanes/<lane>/intree/.
#
# Environment: SMOKE_TIMEOUT (seconds, default 120), WSLX_MAKEFLAGS (extra
# kbuild variables, e.g. "W=1").
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"
# shellcheck source=ci/lib/ktap.sh
source "$WSLX_ROOT/ci/lib/ktap.sh"

intree=0
[[ ${1:-} == --intree ]] && { intree=1; shift; }
[[ $# -eq 1 ]] || die "usage: smoke_lane.sh [--intree] LANE"
lane=$1
lane_file "$lane" >/dev/null
name=$(identity MODULE_NAME)
dir=$(lane_dir "$lane")
((intree)) && dir=$dir/intree
mkdir -p "$dir"
t0=$SECONDS
steps=(prepare build verify smoke kselftest)
ktap_begin "$dir/results.ktap.tmp" "${#steps[@]}"

# finish [NOTE] [VERDICT]: close the KTAP and write the one-line summary;
# the verdict is PASS or FAIL from the results unless given (SKIP).
finish() {
	local verdict=${2:-PASS}
	[[ -n ${2:-} ]] || ((KTAP_FAILED == 0)) || verdict=FAIL
	mv "$dir/results.ktap.tmp" "$dir/results.ktap"
	printf '%s %s %s %s %ss %s\n' "$lane" "$verdict" "${KREL:--}" \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$((SECONDS - t0))" "${1:-}" >"$dir/summary"
	step "$lane: $verdict (${KREL:-no kernel}) in $(elapsed "$t0"); results: $dir/results.ktap"
	[[ $verdict == PASS ]]
}

# stop NOTE [VERDICT]: report the steps not reached as not run, finish and
# exit (77 for a skipped lane, 1 otherwise).
stop() {
	local i why="an earlier step failed"
	[[ ${2:-} == SKIP ]] && why="the lane is skipped"
	for ((i = KTAP_N; i < ${#steps[@]}; i++)); do
		ktap_result skip "${steps[$i]}" "$why"
	done
	finish "$1" "${2:-}" || true
	[[ ${2:-} == SKIP ]] && exit 77
	exit 1
}

KREL=
rc=0
"$WSLX_ROOT/ci/prepare_lane.sh" "$lane" 2>&1 | tee "$dir/prepare.log" >&2 || rc=${PIPESTATUS[0]}
if ((rc == 77)); then
	# The lane cannot run here (its packages left the archive): a skip,
	# never a pass, and not a failure of the module.
	why=$(sed -n 's/^wslx: skip: //p' "$dir/prepare.log" | tail -n 1)
	ktap_result skip "prepare $lane" "$why"
	stop "$why" SKIP
elif ((rc != 0)); then
	ktap_result fail "prepare $lane" "log: $dir/prepare.log"
	stop "prepare failed"
fi
# shellcheck source=/dev/null
source "$(lane_dir "$lane")/kernel.env"
ktap_result ok "prepare $lane" "$KREL${SOURCE_NOTE:+; $SOURCE_NOTE}"

"$WSLX_ROOT/ci/build_modcheck.sh" >/dev/null
: "${KDIR:?kernel.env sets KDIR}"
# shellcheck disable=SC2086 # WSLX_MAKEFLAGS holds several words
if ((intree)); then
	if ! ko=$("$WSLX_ROOT/ci/build_intree.sh" "$lane" 2>"$dir/build.log"); then
		ktap_result fail "build $name.ko in tree" "$(grep -m 1 '^wslx: error: ' "$dir/build.log" || true)"
		stop "in-tree build failed"
	fi
	# The kernel rebuilt with the module in tree is the one to boot.
	# shellcheck source=/dev/null
	source "$dir/intree.env"
	ktap_result ok "build $name.ko in tree"
elif ! ko=$("$WSLX_ROOT/ci/build_module.sh" "$KDIR" ${WSLX_MAKEFLAGS:-}); then
	ktap_result fail "build $name.ko" "log: $WSLX_BUILD/$KREL/build.log"
	stop "build failed"
else
	ktap_result ok "build $name.ko"
fi
cp "$ko" "$dir/"

if ! "$WSLX_BUILD/tools/modcheck" verify --ktap --kdir "$KDIR" "$ko" >"$dir/verify.ktap"; then
	ktap_nest "$dir/verify.ktap"
	ktap_result fail verify "$(grep -m 1 '^not ok' "$dir/verify.ktap" || true)"
	stop "verify failed"
fi
ktap_nest "$dir/verify.ktap"
ktap_result ok verify

# While the module is loaded, the guest runs its own checks: the shell
# check tests/guest/smoke.sh and every kselftest binary (their TAP is kept
# apart and becomes the lane's "kselftest" step).
files=(--file "$ko:$name.ko")
guest_tests=$dir/guest_tests.sh
{
	printf '#!/bin/sh\nrc=0\n'
	if [[ -f $WSLX_ROOT/tests/guest/smoke.sh ]]; then
		printf '/smoke.sh || rc=1\n'
		files+=(--file "$WSLX_ROOT/tests/guest/smoke.sh:smoke.sh")
	fi
	if compgen -G "$WSLX_ROOT/tests/kselftest/*.c" >/dev/null; then
		while read -r bin; do
			printf '/kselftest/%s >>/tmp/kselftest.tap 2>&1 || rc=1\n' "$(basename "$bin")"
			files+=(--file "$bin:kselftest/$(basename "$bin")")
		done < <("$WSLX_ROOT/ci/build_kselftest.sh")
	fi
	# shellcheck disable=SC2016 # $rc belongs to the guest script
	printf 'exit $rc\n'
} >"$guest_tests"
files+=(--file "$guest_tests:guest_tests.sh")
{
	printf 'modcheck smoke --ktap --run /guest_tests.sh /%s.ko\n' "$name"
	printf 'echo "# wslx-kselftest-begin"\ncat /tmp/kselftest.tap 2>/dev/null\n'
} >"$dir/plan.sh"
rc=0
"$WSLX_ROOT/ci/qemu_run.sh" --kernel "$KERNEL_IMAGE" --plan "$dir/plan.sh" \
	--out "$dir/guest" --timeout "${SMOKE_TIMEOUT:-120}" "${files[@]}" || rc=$?
sed -n '/^# wslx-kselftest-begin/q;p' "$dir/guest/results.ktap" >"$dir/smoke.ktap"
sed -n '/^# wslx-kselftest-begin/,${/^# wslx-kselftest-begin/d;/^# wslx-guest:/d;p}' \
	"$dir/guest/results.ktap" >"$dir/kselftest.tap"
ktap_nest "$dir/smoke.ktap"
case $rc in
0) ktap_result ok "smoke in QEMU" ;;
1) ktap_result fail "smoke in QEMU" "$(grep -a -m 1 '^not ok' "$dir/smoke.ktap" || true)" ;;
*) ktap_result fail "smoke in QEMU" "guest timed out or died; console: $dir/guest/console.log" ;;
esac
ktap_nest "$dir/kselftest.tap"
passed=$(grep -c '^ok ' "$dir/kselftest.tap" || true)
failed=$(grep -c '^not ok ' "$dir/kselftest.tap" || true)
if ! compgen -G "$WSLX_ROOT/tests/kselftest/*.c" >/dev/null; then
	ktap_result skip kselftest "no tests in tests/kselftest/"
elif ((failed == 0 && passed > 0)); then
	ktap_result ok kselftest "$passed passed"
else
	ktap_result fail kselftest "$passed passed, $failed failed"
fi
finish
