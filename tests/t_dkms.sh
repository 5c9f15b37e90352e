#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The real dkms add/build/install/uninstall/remove, for kernels that are not
# running here (Debian 6.1 and 6.12), with --kernelsourcedir on the lanes'
# extracted headers and every DKMS tree in a scratch folder. The module
# DKMS builds passes modcheck verify for that kernel; install and uninstall
# leave the install tree as it was; nothing on the host changes; a kernel
# outside the supported range is a skip (exit 77); a failed build names its
# reason on the terminal, not only in make.log.
source "$(dirname "$0")/lib.sh"

need() { command -v "$1" >/dev/null || { fail "$1 is installed (make deps)"; exit 0; }; }
need dkms
need script
name=$(identity MODULE_NAME)
version=$(identity MODULE_VERSION)
modcheck=$(modcheck_bin)
# DKMS signs with a key it makes in /var/lib/dkms unless told otherwise:
# point it at nothing, so that the host keeps no key of ours.
export sign_file=/nonexistent
host_dkms() { find /var/lib/dkms 2>/dev/null | sort | sha256sum; }
host_before=$(host_dkms)

# dk ROOT ACTION ARGS...: dkms on the scratch trees under ROOT.
dk() {
	local root=$1 action=$2
	shift 2
	dkms "$action" --dkmstree "$root/dkms" --sourcetree "$root/src" --installtree "$root/install" \
		-m "$name" -v "$version" "$@"
}

for lane in debian-6.1 debian-6.12; do
	use_lane "$lane"
	root=$TMP/$lane
	mkdir -p "$root/dkms" "$root/install/$KREL"
	"$WSLX_ROOT/tools/wslx-cli" dkms-tree "$root/src" >/dev/null
	run_capture dk "$root" add
	if [[ $RC -eq 0 ]]; then pass "$lane: dkms add"; else fail "$lane: dkms add" "$OUT$ERR"; continue; fi
	run_capture dk "$root" build -k "$KREL" --kernelsourcedir "$KDIR"
	built=$root/dkms/$name/$version/$KREL/x86_64/module/$name.ko
	log=$root/dkms/$name/$version/$KREL/x86_64/log/make.log
	if [[ $RC -eq 0 && -f $built ]] && grep -q "probes: .* against $KREL" "$log"; then
		pass "$lane: dkms build --kernelsourcedir runs the probes for $KREL and builds"
	else
		fail "$lane: dkms build --kernelsourcedir" "exit $RC" "$(tail -n 5 <<<"$OUT$ERR")"
		continue
	fi
	check "$lane: the module DKMS built passes modcheck verify for $KREL" \
		"$modcheck" verify --kdir "$KDIR" "$built"
	before=$(cd "$root/install" && find . | sort)
	run_capture dk "$root" install -k "$KREL" --no-depmod
	if [[ $RC -eq 0 && -f $root/install/$KREL/updates/dkms/$name.ko ]]; then
		pass "$lane: dkms install puts the module in updates/dkms/ of the install tree"
	else
		fail "$lane: dkms install" "exit $RC" "$(tail -n 5 <<<"$OUT$ERR")"
	fi
	run_capture dk "$root" uninstall -k "$KREL" --no-depmod
	after=$(cd "$root/install" && find . | sort)
	if [[ $RC -eq 0 && $after == "$before" ]]; then
		pass "$lane: dkms uninstall leaves the install tree as it was ($(wc -l <<<"$after") entries)"
	else
		fail "$lane: dkms uninstall leaves the install tree as it was" "$(diff <(echo "$before") <(echo "$after"))"
	fi
	run_capture dk "$root" remove -k "$KREL" --no-depmod
	if [[ $RC -eq 0 && ! -e $root/dkms/$name/$version/$KREL ]]; then
		pass "$lane: dkms remove"
	else
		fail "$lane: dkms remove" "exit $RC" "$(tail -n 3 <<<"$OUT$ERR")"
	fi
done

# Out of range: the same tree from a module.mk whose range ends at 6.1.
use_lane debian-6.12
copy=$TMP/narrow
mkdir -p "$copy"
(cd "$WSLX_ROOT" && git ls-files -co --exclude-standard | grep -v '^build/' | cpio -pdm --quiet "$copy")
sed -i 's/^KERNEL_MAX := .*/KERNEL_MAX := 6.1/' "$copy/module.mk"
root=$TMP/narrow-dkms
mkdir -p "$root/dkms" "$root/install/$KREL"
"$copy/tools/wslx-cli" dkms-tree "$root/src" >/dev/null
dk "$root" add >/dev/null 2>&1 || true
run_capture dk "$root" build -k "$KREL" --kernelsourcedir "$KDIR"
if [[ $RC -eq 77 ]] && grep -q 'BUILD_EXCLUSIVE' <<<"$OUT$ERR"; then
	pass "a kernel outside the supported range is skipped by DKMS (exit 77), not failed"
else
	fail "a kernel outside the range is a DKMS skip" "exit $RC" "$(tail -n 3 <<<"$OUT$ERR")"
fi

# A failed build: its reason reaches the terminal (script gives dkms one).
root=$TMP/broken
mkdir -p "$root/dkms" "$root/install/$KREL"
tree=$("$WSLX_ROOT/tools/wslx-cli" dkms-tree "$root/src")
printf 'this is not C;\n' >>"$tree/src/ring_main.c"
dk "$root" add >/dev/null 2>&1 || true
run_capture script -qec "sign_file=/nonexistent dkms build --dkmstree $root/dkms --sourcetree $root/src -m $name -v $version -k $KREL --kernelsourcedir $KDIR" /dev/null
if [[ $RC -ne 0 ]] && grep -q "^wslx: error: build of $name.ko for $KREL failed" <<<"$OUT"; then
	pass "a failed DKMS build shows wslx's one-line reason on the terminal"
else
	fail "a failed DKMS build shows its reason on the terminal" "exit $RC" "$(tail -n 6 <<<"$OUT")"
fi

if [[ $(host_dkms) == "$host_before" && ! -e /var/lib/dkms/$name ]]; then
	pass "the host's /var/lib/dkms is untouched (no module entry, no key)"
else
	fail "the host's /var/lib/dkms is untouched" "$(find /var/lib/dkms)"
fi
