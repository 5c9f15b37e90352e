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
modcheck=${MODCHECK:-$WSLX_BUILD/tools/modcheck}
[[ -x $modcheck ]] || die "$modcheck: not built (run: make modcheck)"

mkdir -p "$out"

# copy_with_libs ROOT FILE DEST: the file plus its shared-library closure,
# at the same paths as on the host (Debian ships no static libkmod).
copy_with_libs() {
	local root=$1 lib
	install -D -m 0755 "$2" "$root/$3"
	for lib in $(ldd "$2" 2>/dev/null | grep -o '/[^ ]*'); do
		[[ -e $root$lib ]] || install -D -m 0755 "$(realpath "$lib")" "$root$lib"
	done
}

# pack DIR OUT: an uncompressed newc archive (unpacking a compressed one
# costs seconds under TCG).
pack() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$2"
}

# The part of the initramfs that is the same for every run (busybox and its
# applet links, modcheck and its libraries, /init) is packed once and
# reused until one of its inputs changes; each run appends a small archive
# of its own (the kernel unpacks concatenated archives in order).
base=$WSLX_BUILD/guest/base.cpio
inputs=("$busybox" "$modcheck" "$WSLX_ROOT/ci/guest/init.sh" "$WSLX_ROOT/ci/guest/fstab" "$0")
stale=0
[[ -f $base ]] || stale=1
for f in "${inputs[@]}"; do
	[[ $stale -eq 1 || $f -nt $base ]] && stale=1
done
if [[ $stale -eq 1 ]]; then
	ldd "$busybox" >/dev/null 2>&1 &&
		die "$busybox is dynamically linked: install the Debian package busybox-static"
	broot=$WSLX_BUILD/guest/base
	rm -rf "$broot"
	mkdir -p "$broot"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp}
	install -m 0755 "$busybox" "$broot/bin/busybox"
	"$busybox" --list-full | while read -r applet; do
		[[ -e $broot/$applet ]] || ln -s /bin/busybox "$broot/$applet"
	done
	install -m 0755 "$WSLX_ROOT/ci/guest/init.sh" "$broot/init"
	install -D -m 0644 "$WSLX_ROOT/ci/guest/fstab" "$broot/etc/fstab"
	copy_with_libs "$broot" "$modcheck" bin/modcheck
	pack "$broot" "$base.tmp"
	mv "$base.tmp" "$base"
fi

root=$out/initramfs
rm -rf "$root"
mkdir -p "$root"
install -m 0755 "$plan" "$root/plan.sh"
for spec in "${files[@]}"; do
	src=${spec%%:*} dest=${spec#*:}
	[[ $spec == *:* ]] || dest=$(basename "$src")
	[[ -r $src ]] || die "--file $src: cannot read"
	# Programs bring their libraries; data and modules (ET_REL) are copied.
	if [[ $(od -An -tx1 -j16 -N1 "$src" 2>/dev/null) == " 0"[23] ]] &&
		[[ $(head -c 4 "$src" | od -An -tx1 | tr -d ' ') == 7f454c46 ]]; then
		copy_with_libs "$root" "$src" "$dest"
	else
		install -D -m 0755 "$src" "$root/$dest"
	fi
done
pack "$root" "$out/run.cpio"
cat "$base" "$out/run.cpio" >"$out/initramfs.cpio"

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

# The tty layer turns "\n" into "\r\n" on the results channel.
sed -i 's/\r$//' "$out/results.ktap"
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
