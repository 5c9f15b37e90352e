#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# qemu_run.sh --kernel IMAGE --plan SCRIPT --out DIR [--timeout SECONDS]
#             [--file SRC[:DEST]]...
#
# Boot IMAGE under QEMU (TCG) with an initramfs holding busybox, modcheck and
# its shared libraries, the --file extras, and SCRIPT as /plan.sh. The plan's
# output (KTAP) comes back on the second serial port into DIR/results.ktap;
# the kernel's console goes to DIR/console.log. A hard timeout always ends
# the guest, since a stuck guest never exits by itself.
#
# Exit status: 0 the plan finished with status 0; 1 it finished with another
# status; 2 the guest timed out or died before finishing.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

kernel='' plan='' out='' timeout=120 files=()
while [[ $# -gt 0 ]]; do
	case $1 in
	--kernel) kernel=$2 ;;
	--plan) plan=$2 ;;
	--out) out=$2 ;;
	--timeout) timeout=$2 ;;
	--file) files+=("$2") ;;
	*) die "qemu_run.sh: unknown option '$1'" ;;
	esac
	shift 2
done
[[ -n $kernel && -n $plan && -n $out ]] || die "usage: qemu_run.sh --kernel IMAGE --plan SCRIPT --out DIR [--timeout S] [--file SRC[:DEST]]..."
[[ -r $kernel ]] || die "--kernel $kernel: cannot read kernel image"
[[ -r $plan ]] || die "--plan $plan: cannot read"
[[ $timeout =~ ^[0-9]+$ && $timeout -gt 0 ]] || die "--timeout $timeout: not a positive number of seconds"
need_cmd qemu-system-x86_64 qemu-system-x86
need_cmd cpio cpio
busybox=$(command -v busybox) || die "busybox not found: install the Debian package busybox-static"
ldd "$busybox" >/dev/null 2>&1 && die "$busybox is dynamically linked: install the Debian package busybox-static"
modcheck=${MODCHECK:-$WSLX_BUILD/tools/modcheck}
[[ -x $modcheck ]] || die "$modcheck: not built (run: make modcheck)"

mkdir -p "$out"
root=$out/initramfs
rm -rf "$root"
mkdir -p "$root/bin"

# copy_with_libs FILE DEST: the file plus its shared-library closure, at the
# same paths as on the host (Debian ships no static libkmod).
copy_with_libs() {
	local lib
	install -D -m 0755 "$1" "$root/$2"
	for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*'); do
		[[ -e $root$lib ]] || install -D -m 0755 "$(realpath "$lib")" "$root$lib"
	done
}

install -m 0755 "$busybox" "$root/bin/busybox"
install -m 0755 "$WSLX_ROOT/ci/guest/init.sh" "$root/init"
install -m 0755 "$plan" "$root/plan.sh"
copy_with_libs "$modcheck" bin/modcheck
for spec in "${files[@]}"; do
	src=${spec%%:*} dest=${spec#*:}
	[[ $spec == *:* ]] || dest=$(basename "$src")
	[[ -r $src ]] || die "--file $src: cannot read"
	if ldd "$src" >/dev/null 2>&1; then
		copy_with_libs "$src" "$dest"
	else
		install -D -m 0755 "$src" "$root/$dest"
	fi
done
# Uncompressed: unpacking a compressed initramfs costs seconds under TCG.
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out/initramfs.cpio"

: >"$out/results.ktap"
: >"$out/console.log"
step "booting $(basename "$kernel") in QEMU (TCG, timeout ${timeout}s)"
t0=$SECONDS
rc=0
timeout -k 5 "$timeout" qemu-system-x86_64 \
	-M q35 -m 256 -nodefaults -display none -no-reboot \
	-serial "file:$out/console.log" -serial "file:$out/results.ktap" \
	-kernel "$kernel" -initrd "$out/initramfs.cpio" \
	-append "console=ttyS0 panic=-1 quiet 8250.nr_uarts=2 rdinit=/init" \
	>"$out/qemu.log" 2>&1 || rc=$?

done_line=$(grep -a '^# wslx-guest: done rc=' "$out/results.ktap" | tail -n 1 || true)
if ((rc == 124 || rc == 137)); then
	info "kernel console, last lines:"
	tail -n 5 "$out/console.log" | sed 's/^/      /' >&2
	printf 'wslx: error: guest did not finish within %ss: ended by the timeout (console: %s)\n' \
		"$timeout" "$out/console.log" >&2
	exit 2
fi
if [[ -z $done_line ]]; then
	info "kernel console, last lines:"
	tail -n 5 "$out/console.log" | sed 's/^/      /' >&2
	[[ -s $out/qemu.log ]] && sed 's/^/      /' "$out/qemu.log" >&2
	printf 'wslx: error: guest ended after %ss without finishing its plan (panic or boot failure; console: %s)\n' \
		"$((SECONDS - t0))" "$out/console.log" >&2
	exit 2
fi
info "guest finished in $(elapsed "$t0")"
[[ $done_line == '# wslx-guest: done rc=0' ]]
