#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make wsl-bundle: the bundle for real WSL, opened and checked from the
# outside. The kernel image is the lane's; modules.vhdx converts back to an
# ext4 image whose root is lib/modules/<release> (what WSL mounts) holding
# the module in extra/, indexed, with the kernel's vermagic; the build tree
# has no path of this machine in it and builds the module to the same
# vermagic, which modcheck verifies against it.
source "$(dirname "$0")/lib.sh"

lane=wsl-6.6
tarball=$(debian_source_tarball 6.12) || { fail "Debian's linux-source-6.12 is available"; exit 0; }
# The lane's kernel (cached when the source-lane test built it).
if [[ ! -f $WSLX_BUILD/lanes/$lane/source.json ]]; then
	"$WSLX_ROOT/ci/build_wsl.sh" --source "$tarball" --no-smoke >/dev/null 2>"$TMP/lane.err" ||
		{ fail "$lane builds" "$(tail -n 3 "$TMP/lane.err")"; exit 0; }
fi
use_lane "$lane"

run_capture make -s -C "$WSLX_ROOT" wsl-bundle
b=$WSLX_BUILD/wsl-bundle
if [[ $RC -eq 0 && -f $b/bzImage && -f $b/modules.vhdx && -f $b/linux-build-$KREL.tar.xz &&
	-f $b/wslconfig.txt && -f $b/README.txt ]]; then
	pass "make wsl-bundle writes bzImage, modules.vhdx, the build tree, wslconfig.txt and README.txt"
else
	fail "make wsl-bundle writes the bundle" "exit $RC" "$(tail -n 5 <<<"$ERR")"
	exit 0
fi

if [[ $(dd if="$b/bzImage" bs=1 skip=514 count=4 2>/dev/null) == HdrS ]] &&
	grep -a -q -F "$KREL (" < <(head -c 65536 "$b/bzImage"); then
	pass "bzImage is a bzImage of $KREL"
else
	fail "bzImage is a bzImage of $KREL"
fi
if grep -qF "$KREL" "$b/README.txt" && grep -q '^kernel=.*bzImage$' "$b/wslconfig.txt" &&
	grep -q '^kernelModules=.*modules.vhdx$' "$b/wslconfig.txt" && grep -q '^\[wsl2\]$' "$b/wslconfig.txt"; then
	pass "wslconfig.txt sets kernel= and kernelModules= under [wsl2]"
else
	fail "wslconfig.txt sets kernel= and kernelModules=" "$(cat "$b/wslconfig.txt")"
fi

if qemu-img info "$b/modules.vhdx" | grep -q '^file format: vhdx$' &&
	qemu-img convert -f vhdx -O raw "$b/modules.vhdx" "$TMP/modules.img"; then
	pass "modules.vhdx is a VHDX image and converts back to raw"
else
	fail "modules.vhdx is a VHDX image"
	exit 0
fi
if fsck=$(e2fsck -fn "$TMP/modules.img" 2>&1); then
	pass "the image is a clean ext4 file system"
else
	fail "the image is a clean ext4 file system" "$fsck"
fi
dbg() { debugfs -R "$1" "$TMP/modules.img" 2>/dev/null; }
# Outputs taken whole before grep -q (an early exit would SIGPIPE the writer).
deps=$(dbg 'cat /modules.dep')
top=$(dbg 'ls -p /')
if grep -q '^extra/wslx_ring.ko:' <<<"$deps" && grep -q '/modules.builtin/' <<<"$top"; then
	pass "its root is lib/modules/$KREL, flat: modules.dep lists extra/wslx_ring.ko"
else
	fail "its root is lib/modules/$KREL, flat" "$(dbg 'ls -p /')"
fi
if dbg 'stat /build' | grep -q "Fast link dest: \"/usr/src/linux-build-$KREL\""; then
	pass "its build link points where the build tree is to be unpacked"
else
	fail "its build link points at /usr/src/linux-build-$KREL" "$(dbg 'stat /build')"
fi
dbg "dump /extra/wslx_ring.ko $TMP/image.ko"
image_magic=$(modinfo -F vermagic "$TMP/image.ko" 2>/dev/null | sed 's/ *$//')
kernel_magic=$(sed 's/ *$//' "$KDIR/.wslx-vermagic")
if [[ -n $image_magic && $image_magic == "$kernel_magic" ]]; then
	pass "the module in the image carries the bundled kernel's vermagic ($image_magic)"
else
	fail "the module in the image carries the kernel's vermagic" "image: $image_magic" "kernel: $kernel_magic"
fi

tar -C "$TMP" -xJf "$b/linux-build-$KREL.tar.xz"
tree=$TMP/linux-build-$KREL
leaks=$(grep -rIl -e "$WSLX_CACHE" -e "$WSLX_ROOT" "$tree" 2>/dev/null | head -n 3 || true)
if [[ -z $leaks ]]; then
	pass "the build tree names no path of the machine that built it"
else
	fail "the build tree names no path of the machine that built it" "$leaks"
fi
run_capture "$WSLX_ROOT/tools/wslx-cli" build --kdir "$tree"
if [[ $RC -eq 0 ]] && [[ $(modinfo -F vermagic "$OUT" | sed 's/ *$//') == "$kernel_magic" ]]; then
	pass "the module builds against the bundled build tree with the same vermagic"
else
	fail "the module builds against the bundled build tree" "exit $RC" "$(tail -n 3 <<<"$ERR")"
fi
modcheck=$(modcheck_bin)
run_capture "$modcheck" verify --kdir "$tree" "$TMP/image.ko"
if [[ $RC -eq 0 ]] && grep -q '^ok .* modversions' <<<"$OUT"; then
	pass "modcheck verify accepts the image's module against the build tree (CRCs included)"
else
	fail "modcheck verify accepts the image's module against the build tree" "$OUT"
fi

expect_error "a bundle from a distribution lane is refused" "a WSL bundle needs a kernel built from source" \
	"$WSLX_ROOT/tools/wslx-cli" wsl-bundle debian-6.1
