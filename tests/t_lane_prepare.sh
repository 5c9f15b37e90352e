#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Preparing a Debian lane: the unpacked headers are relocated (no absolute
# paths left), the kernel is bootable as a PVH vmlinux, nothing is installed
# on the host, and a second run reuses the cache.
source "$(dirname "$0")/lib.sh"

for lane in debian-6.1 debian-6.12; do
	use_lane "$lane"
	root=${KDIR%/usr/src/*}
	link=$(readlink "$MODULES_DIR/build")
	if [[ $link != /* && $(realpath "$MODULES_DIR/build") == "$(realpath "$KDIR")" ]]; then
		pass "$lane: lib/modules/$KREL/build is a relative link to the headers"
	else
		fail "$lane: lib/modules/$KREL/build is a relative link to the headers" "-> $link"
	fi
	if ! grep -q '^include /' "$KDIR/Makefile"; then
		pass "$lane: the headers' Makefile includes the common tree by a relative path"
	else
		fail "$lane: the headers' Makefile includes the common tree by a relative path" "$(cat "$KDIR/Makefile")"
	fi
	if [[ $(head -c 4 "$KERNEL_IMAGE" | od -An -tx1 | tr -d ' ') == 7f454c46 ]] &&
		grep -q 'Xen.*0x00000012' <<<"$(readelf -n "$KERNEL_IMAGE")"; then
		pass "$lane: vmlinux is an ELF kernel with a PVH entry note"
	else
		fail "$lane: vmlinux is an ELF kernel with a PVH entry note" "$KERNEL_IMAGE"
	fi
	if dpkg-query -W -f '${Status}' "linux-image-$KREL" "linux-image-$KREL-unsigned" 2>/dev/null | grep -q installed; then
		skip "$lane: nothing installed on the host" "the host has linux-image-$KREL installed itself"
	elif [[ ! -e /lib/modules/$KREL ]] && [[ ! -e /usr/src/linux-headers-$KREL ]]; then
		pass "$lane: nothing installed on the host (no /lib/modules/$KREL, no /usr/src/linux-headers-$KREL)"
	else
		fail "$lane: nothing installed on the host" "found /lib/modules/$KREL or /usr/src/linux-headers-$KREL"
	fi
	run_capture "$WSLX_ROOT/ci/prepare_lane.sh" "$lane"
	if [[ $RC -eq 0 ]] && grep -q "cached in $root" <<<"$ERR" && ! grep -q downloading <<<"$ERR"; then
		pass "$lane: a second prepare reuses the cache"
	else
		fail "$lane: a second prepare reuses the cache" "$ERR"
	fi
done
