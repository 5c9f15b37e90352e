#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Source lanes end to end, as CI runs them without a network: L1 and L2
# built from Debian's linux-source-6.12 tarball (--source), the kernel each
# one built booted in QEMU, the module verified and smoke-tested there;
# L2 with WSL's config (olddefconfig's changes listed) and the in-tree
# build; then test_smoke.sh, make status and make report on the results.
source "$(dirname "$0")/lib.sh"

tarball=$(debian_source_tarball 6.12) || { fail "Debian's linux-source-6.12 is available"; exit 0; }
tree=$(debian_source_tree 6.12) || { fail "Debian's linux-source-6.12 unpacks"; exit 0; }

# lane_run NAME SCRIPT ARGS...: one source lane, checked from its results.
lane_run() {
	local lane=$1 dir=$WSLX_BUILD/lanes/$1/latest
	shift
	run_capture "$@"
	if [[ $RC -eq 0 ]] && grep -q '"verdict": "PASS"' "$dir/record.json"; then
		pass "$lane: $(basename "$1") --source <linux-source-6.12 ${3##*/}> builds, boots and passes"
	else
		fail "$lane: $(basename "$1") --source <linux-source-6.12 ${3##*/}> builds, boots and passes" \
			"exit $RC" "$(tail -n 8 <<<"$ERR")"
		return 1
	fi
	# shellcheck source=/dev/null
	source "$WSLX_BUILD/lanes/$lane/kernel.env"
	# The build's own UTS version (build number and time) names this very build.
	uts=$(cat "$KDIR"/include/generated/utsversion.h "$KDIR"/include/generated/compile.h 2>/dev/null |
		sed -n 's/^#define UTS_VERSION "\(.*\)"$/\1/p')
	if [[ -n $uts && $KERNEL_IMAGE == "$WSLX_CACHE/kbuild/$lane/"* ]] &&
		grep -qF "# kernel $KREL $uts" "$dir/smoke.ktap"; then
		pass "$lane: QEMU ran the kernel the lane built ($KREL $uts)"
	else
		fail "$lane: QEMU ran the kernel the lane built" "$KERNEL_IMAGE, want $KREL $uts" "$(grep '^# kernel' "$dir/smoke.ktap")"
	fi
	if grep -q '^ok [0-9]* kselftest # 18 passed' "$dir/results.ktap" &&
		grep -q '^ok [0-9]* smoke in QEMU' "$dir/results.ktap"; then
		pass "$lane: smoke test and kselftest results in the lane's KTAP"
	else
		fail "$lane: smoke test and kselftest results in the lane's KTAP" "$(grep '^[a-z]' "$dir/results.ktap")"
	fi
	if grep -q 'vermagic:.* SMP' <<<"$ERR" && grep -q 'kernel .* built in\|kernel already built' <<<"$ERR"; then
		pass "$lane: progress names the vermagic and the kernel build"
	else
		fail "$lane: progress names the vermagic and the kernel build" "$(head -n 12 <<<"$ERR")"
	fi
}

# L1 from a folder (built where it is, as a developer's tree), L2 from the tarball.
lane_run upstream-6.6 "$WSLX_ROOT/ci/build_upstream_6_6.sh" --source "$tree"
lane_run wsl-6.6 "$WSLX_ROOT/ci/build_wsl.sh" --source "$tarball" --intree

dir=$WSLX_BUILD/lanes/wsl-6.6
ko_magic=$(modinfo -F vermagic "$dir/latest/wslx_ring.ko" 2>/dev/null || true)
if [[ $ko_magic == *-microsoft-standard-WSL2\ SMP\ preempt\ mod_unload\ modversions* ]]; then
	pass "wsl-6.6: the module carries WSL's vermagic ($ko_magic)"
else
	fail "wsl-6.6: the module carries WSL's vermagic" "$ko_magic"
fi
if grep -q '^ *ok [0-9]* modversions # [0-9]* CRCs' "$dir/latest/results.ktap"; then
	pass "wsl-6.6: verify checked the module's CRCs against the WSL-config kernel (MODVERSIONS=y)"
else
	fail "wsl-6.6: verify checked CRCs" "$(grep modversions "$dir/latest/results.ktap")"
fi
if grep -q '^dropped DXGKRNL=y' "$dir/config-changes.txt" && grep -q 'olddefconfig changed [0-9]* options' <<<"$ERR"; then
	pass "wsl-6.6: what olddefconfig changed in WSL's config is reported (DXGKRNL dropped)"
else
	fail "wsl-6.6: olddefconfig's changes reported" "$(head -n 3 "$dir/config-changes.txt" 2>/dev/null)"
fi
if grep -q '^ok [0-9]* build wslx_ring.ko in tree' "$dir/intree/latest/results.ktap" &&
	grep -q '"verdict": "PASS"' "$dir/intree/latest/record.json" &&
	[[ $(modinfo -F intree "$dir/intree/latest/wslx_ring.ko") == Y ]]; then
	pass "wsl-6.6: the module built in the kernel tree (drivers/misc) passes the same smoke test"
else
	fail "wsl-6.6: in-tree build passes the smoke test" "$(cat "$dir/intree/latest/results.ktap" 2>/dev/null)"
fi

run_capture "$WSLX_ROOT/ci/test_smoke.sh" upstream-6.6
if [[ $RC -eq 0 ]] && grep -q 'kernel already built' <<<"$ERR" && ! grep -q 'building the kernel' <<<"$ERR"; then
	pass "test_smoke.sh reruns the smoke test on the built kernel without rebuilding it"
else
	fail "test_smoke.sh reruns the smoke test without rebuilding" "exit $RC" "$(tail -n 5 <<<"$ERR")"
fi

run_capture make -s -C "$WSLX_ROOT" status
for lane in upstream-6.6 wsl-6.6; do
	if grep -E -q "^$lane +PASS +[^ ]+ +built +ok +ok +ok +20" <<<"$OUT"; then
		pass "make status: $lane built, verify ok, smoke ok, with its vermagic"
	else
		fail "make status shows $lane" "$OUT"
	fi
done
report=$TMP/report/report.md
run_capture "$WSLX_ROOT/tools/wslx-cli" report "$TMP/report"
# The headline says what each ran on: here Debian's 6.12 source stands in.
# shellcheck disable=SC2016 # the backquotes are the report's, matched literally
if grep -q '^- \*\*Works on the upstream lane (L1)\*\* (`upstream-6.6`, 6.12.[0-9]*; source: .*(a stand-in: the lane pins the 6.6 line)' "$report" &&
	grep -q '^- \*\*Works on the WSL lane (L2)\*\* (`wsl-6.6`, .*(a stand-in: the lane pins the 6.6 line); olddefconfig dropped [0-9]* options of the lane.s config' "$report" &&
	grep -q '^| wsl-6.6 | PASS | ' "$report"; then
	pass "make report: works on the upstream lane and on the WSL lane, each headline naming the stand-in it ran on"
else
	fail "make report" "$(head -n 8 "$report" 2>/dev/null)"
fi
