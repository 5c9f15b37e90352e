#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The arm64 lanes, on this x86_64 machine: Debian's arm64 6.1 and 6.12
# kernels (fetched through the lanes' private apt configurations), the
# module cross-built with gcc-aarch64-linux-gnu and the host's own
# linux-kbuild, verified, loaded and tested in qemu-system-aarch64 under
# TCG. A module of one arch offered to the other's kernel is refused by
# verify, naming both, and by the real kernel in QEMU. DKMS cross-builds for
# the arm64 kernel, and the source lane L1 builds an arm64 kernel (Debian's
# 6.12 source standing in for 6.6) and passes its smoke test on it.
source "$(dirname "$0")/lib.sh"

mc=$(modcheck_bin)
for lane in debian-6.1-arm64 debian-6.12-arm64; do
	run_capture make -s -C "$WSLX_ROOT" smoke LANE="$lane" W=1
	dir=$WSLX_BUILD/lanes/$lane/latest
	if [[ $RC -eq 0 ]] && grep -q '^ok 5 smoke in QEMU' "$dir/results.ktap" &&
		grep -q '^ok [0-9]* insert' "$dir/smoke.ktap" &&
		grep -q '^ok 6 kselftest # [1-9][0-9]* passed' "$dir/results.ktap" &&
		grep -q '"verdict": "PASS"' "$dir/record.json" &&
		grep -q '^\[ *[0-9.]*\] Machine model: linux,dummy-virt' "$dir/console.log"; then
		pass "make smoke LANE=$lane: cross-built, verified, loaded and tested in qemu-system-aarch64 ($(sed -n 's/^ok 6 kselftest # //p' "$dir/results.ktap"))"
	else
		fail "make smoke LANE=$lane" "exit $RC" "$(tail -n 5 <<<"$ERR")" \
			"$(cat "$dir/results.ktap" 2>/dev/null)"
	fi
	# shellcheck source=/dev/null
	source "$WSLX_BUILD/lanes/$lane/kernel.env"
	ko=$WSLX_BUILD/$KREL/$(identity MODULE_NAME).ko
	if "$mc" info "$ko" 2>/dev/null | grep -q 'ELF machine 183$' &&
		grep -q -- '-Wextra' "$WSLX_BUILD/$KREL/src/.ring_main.o.cmd" &&
		grep -q 'aarch64-linux-gnu-gcc' "$WSLX_BUILD/$KREL/src/.ring_main.o.cmd" &&
		! grep -q 'warning:' "$WSLX_BUILD/$KREL/build.log"; then
		pass "$lane: the .ko is aarch64 (ELF machine 183), built by aarch64-linux-gnu-gcc with W=1 and no warnings"
	else
		fail "$lane: an aarch64 .ko, W=1 without warnings" "$("$mc" info "$ko" 2>&1 | head -n 3)" \
			"$(grep -m 3 warning: "$WSLX_BUILD/$KREL/build.log")"
	fi
done

# The guest's programs are arm64 ones: modcheck (static, cross-linked against
# the arm64 sysroot), busybox (Debian's arm64 busybox-static), the tests.
guest_mc=$("$WSLX_ROOT/tools/wslx-cli" modcheck --guest --arch arm64 2>/dev/null)
if file "$guest_mc" | grep -q 'ARM aarch64.*statically linked' &&
	base=$(find "$WSLX_BUILD/guest" -name 'base-arm64-*.cpio' | grep .) &&
	(cd "$TMP" && cpio -id --quiet bin/busybox <"$base") && file "$TMP/bin/busybox" | grep -q 'ARM aarch64.*statically linked'; then
	pass "the arm64 guest's modcheck and busybox are static aarch64 programs"
else
	fail "the arm64 guest's modcheck and busybox are static aarch64 programs" "$(file "$guest_mc" "$TMP/bin/busybox" 2>&1)"
fi
for t in "$WSLX_BUILD"/kselftest/arm64/*; do
	if file "$t" | grep -q 'ARM aarch64.*statically linked'; then
		pass "kselftest $(basename "$t") is cross-compiled for arm64, static"
	else
		fail "kselftest $(basename "$t") is an arm64 static binary" "$(file "$t")"
	fi
done

# One arch's module offered to the other arch's kernel, both ways.
declare -A ko=() kdir=() image=() arch=()
for lane in debian-6.1 debian-6.1-arm64; do
	lane_ko "$lane"
	ko[$lane]=$KO kdir[$lane]=$KDIR image[$lane]=$KERNEL_IMAGE
	arch[$lane]=$("$WSLX_ROOT/tools/wslx-cli" lane-get "$lane" arch)
done
declare -A machine=([debian-6.1]="x86_64 (ELF machine 62)" [debian-6.1-arm64]="aarch64 (ELF machine 183)")
declare -A kernel=([debian-6.1]=x86_64 [debian-6.1-arm64]=aarch64)
declare -A number=([debian-6.1]=62 [debian-6.1-arm64]=183)
for pair in debian-6.1:debian-6.1-arm64 debian-6.1-arm64:debian-6.1; do
	from=${pair%%:*} to=${pair#*:}
	run_capture "$mc" verify --kdir "${kdir[$to]}" "${ko[$from]}"
	want="architecture: module is ${machine[$from]}, kernel is ${kernel[$to]}"
	if [[ $RC -eq 1 ]] && grep -qF "will not load into" <<<"$ERR" && grep -qF "$want" <<<"$ERR"; then
		pass "verify refuses the $from module for the $to kernel before any load: $want"
	else
		fail "verify refuses the $from module for $to, naming both arches" "exit $RC" "$ERR"
	fi
	KERNEL_IMAGE=${image[$to]}
	guest "modcheck smoke --ktap /wrong.ko" --arch "${arch[$to]}" --timeout 120 \
		--file "${ko[$from]}:wrong.ko"
	if [[ $RC -eq 1 ]] && grep -q '^not ok [0-9]* insert # Exec format error' <<<"$OUT" &&
		grep -q "^# kmsg: .*Invalid architecture in ELF header: ${number[$from]}" <<<"$OUT"; then
		pass "the $to kernel in QEMU refuses the $from module too (Exec format error; kernel: invalid ELF machine ${number[$from]})"
	else
		fail "the $to kernel in QEMU refuses the $from module" "runner exit $RC" "$OUT" "$ERR"
	fi
done

# DKMS, cross: dkms build -a aarch64 for the arm64 kernel on this x86_64 host.
export sign_file=/nonexistent
use_lane debian-6.1-arm64
name=$(identity MODULE_NAME)
version=$(identity MODULE_VERSION)
root=$TMP/dkms
mkdir -p "$root/dkms" "$root/install/$KREL"
"$WSLX_ROOT/tools/wslx-cli" dkms-tree "$root/src" >/dev/null
dk() {
	local action=$1
	shift
	dkms "$action" --dkmstree "$root/dkms" --sourcetree "$root/src" --installtree "$root/install" \
		-m "$name" -v "$version" "$@"
}
run_capture dk add
run_capture dk build -k "$KREL" -a aarch64 --kernelsourcedir "$KDIR"
built=$root/dkms/$name/$version/$KREL/aarch64/module/$name.ko
if [[ $RC -eq 0 && -f $built ]] && "$mc" verify --kdir "$KDIR" --moddir "$MODULES_DIR" "$built" >/dev/null 2>&1; then
	pass "dkms build -a aarch64 cross-builds for $KREL, and the module passes verify for it"
else
	fail "dkms build -a aarch64 for $KREL" "exit $RC" "$(tail -n 5 <<<"$OUT$ERR")"
fi

# The source lane L1 for arm64, from a local tree (the 6.12 source stands in).
if tree=$(debian_source_tree 6.12); then
	run_capture "$WSLX_ROOT/tools/wslx-cli" source-lane upstream-6.6-arm64 --source "$tree"
	dir=$WSLX_BUILD/lanes/upstream-6.6-arm64/latest
	if [[ $RC -eq 0 ]] && grep -q '^ok 1 prepare upstream-6.6-arm64 # [0-9.]*-arm64; source: .*(a stand-in: the lane pins the 6.6 line)' "$dir/results.ktap" &&
		grep -q '^ok 5 smoke in QEMU' "$dir/results.ktap" &&
		grep -q '^ok 6 kselftest # [1-9][0-9]* passed' "$dir/results.ktap" &&
		grep -q 'Machine model: linux,dummy-virt' "$dir/console.log"; then
		pass "upstream-6.6-arm64: an arm64 kernel cross-built from source (small configuration) passes the smoke test in qemu-system-aarch64"
	else
		fail "upstream-6.6-arm64 from $tree" "exit $RC" "$(tail -n 5 <<<"$ERR")" \
			"$(cat "$dir/results.ktap" 2>/dev/null)"
	fi
else
	fail "Debian's linux-source-6.12 unpacks (the stand-in tree)"
fi
