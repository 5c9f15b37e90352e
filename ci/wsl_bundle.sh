#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# wsl_bundle.sh [LANE]: what a WSL user needs to run the module on real WSL
# with the lane's kernel (default wsl-6.6, lane L2), in build/wsl-bundle/:
#
#   bzImage          the kernel (.wslconfig kernel=)
#   modules.vhdx     an ext4 image holding lib/modules/<release> flat at its
#                    root, as WSL mounts it (.wslconfig kernelModules=):
#                    the kernel's modules plus ours in extra/, indexed by
#                    depmod, with "build" pointing at the build tree below
#   linux-build-<release>.tar.xz
#                    the external-module build tree for that kernel, to
#                    unpack at /usr/src/linux-build-<release> inside WSL so
#                    that make and DKMS rebuild the module there
#   wslconfig.txt    the .wslconfig lines, README.txt how to install
#
# The image is made without root (mkfs.ext4 -d) and converted with
# qemu-img. Only a kernel built with the lane's full configuration (FULL=1)
# boots on real WSL; the small one proves the path and is said to be so.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"
# shellcheck source=ci/lib/extmod_tree.sh
source "$WSLX_ROOT/ci/lib/extmod_tree.sh"

lane=${1:-wsl-6.6}
[[ $# -le 1 ]] || die "usage: wsl_bundle.sh [LANE]"
lane_file "$lane" >/dev/null
[[ $(lane_get "$lane" kind) == source ]] ||
	die "LANE=$lane: a WSL bundle needs a kernel built from source (a source lane)"
[[ -f $(lane_dir "$lane")/source.json ]] ||
	die "LANE=$lane: its kernel is not built yet (run ci/build_source_lane.sh $lane --source DIR|TARBALL)"
need_cmd mkfs.ext4 e2fsprogs
need_cmd qemu-img qemu-utils
need_cmd depmod kmod
lane_load "$lane"
: "${KREL:?}" "${KDIR:?}" "${MODULES_DIR:?}"
name=$(identity MODULE_NAME)
t0=$SECONDS

ko=$("$WSLX_ROOT/tools/wslx-cli" build --lane "$lane")
out=$WSLX_BUILD/wsl-bundle
tmp=$out.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

step "$lane: bundling kernel $KREL"
cp "$KDIR/arch/x86/boot/bzImage" "$tmp/bzImage"

# The modules image: lib/modules/<release>, flat at the image's root.
stage=$tmp/stage
mkdir -p "$stage/lib/modules"
cp -a "$MODULES_DIR" "$stage/lib/modules/$KREL"
rm -f "$stage/lib/modules/$KREL/build" "$stage/lib/modules/$KREL/source"
install -D -m 0644 "$ko" "$stage/lib/modules/$KREL/extra/$name.ko"
# Debug information would make the image gigabytes (WSL's config has
# DEBUG_INFO); strip it unless signatures, which stripping drops, matter.
if ! grep -q '^CONFIG_MODULE_SIG=y' "$KDIR/.config"; then
	find "$stage/lib/modules/$KREL" -name '*.ko' -exec strip --strip-debug {} +
fi
depmod -b "$stage" "$KREL"
ln -s "/usr/src/linux-build-$KREL" "$stage/lib/modules/$KREL/build"
kib=$(du -sk "$stage/lib/modules/$KREL" | cut -f1)
# Room for ext4's own metadata and for modules added later.
size=$((kib * 2 + 32 * 1024))
step "$lane: modules.vhdx (ext4, ${size} KiB, $(find "$stage/lib/modules/$KREL" -name '*.ko*' | wc -l) modules)"
mkfs.ext4 -q -F -L modules -E root_owner=0:0 -d "$stage/lib/modules/$KREL" "$tmp/modules.img" "${size}K" >/dev/null ||
	die "mkfs.ext4 could not make the modules image"
qemu-img convert -f raw -O vhdx "$tmp/modules.img" "$tmp/modules.vhdx"
rm -rf "$tmp/modules.img" "$stage"

step "$lane: the external-module build tree for $KREL"
extmod_tree "$(readlink -f "$KDIR/source")" "$KDIR" "$tmp/linux-build-$KREL"
tar -C "$tmp" -cJf "$tmp/linux-build-$KREL.tar.xz" "linux-build-$KREL"
rm -rf "$tmp/linux-build-$KREL"

cat >"$tmp/wslconfig.txt" <<EOF
[wsl2]
kernel=C:\\\\wsl\\\\$name\\\\bzImage
kernelModules=C:\\\\wsl\\\\$name\\\\modules.vhdx
EOF
# source.json is written by tools/wslx/sourcelane.py, one key a line.
full=0
grep -q '"full": true' "$(lane_dir "$lane")/source.json" && full=1
{
	printf '%s %s for WSL: kernel %s\n\n' "$name" "$(identity MODULE_VERSION)" "$KREL"
	if [[ $full != 1 ]]; then
		printf 'NOTE: this kernel is the lane'"'"'s small test configuration and will not boot\n'
		printf 'on WSL. Rebuild with the full one first: make smoke LANE=%s FULL=1.\n\n' "$lane"
	fi
	printf '1. Copy this folder to C:\\wsl\\%s\\ on Windows.\n' "$name"
	printf '2. Add wslconfig.txt to %%UserProfile%%\\.wslconfig, run "wsl --shutdown".\n'
	printf '3. In WSL: sudo modprobe %s   (it is in extra/ of the modules image)\n' "$name"
	printf '4. To rebuild modules in WSL (make, DKMS): unpack linux-build-%s.tar.xz\n' "$KREL"
	printf '   into /usr/src/; /lib/modules/%s/build points there.\n' "$KREL"
} >"$tmp/README.txt"

rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
step "$lane: WSL bundle in $out ($(du -sh "$out" | cut -f1), $(elapsed "$t0"))"
[[ $full == 1 ]] || info "note: built from the small configuration; for real WSL use FULL=1 (see $out/README.txt)"
