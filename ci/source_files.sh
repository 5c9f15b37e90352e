#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# source_files.sh PACKAGE PATH...: extract PATHs (relative to the top of the
# kernel tree, e.g. scripts/checkpatch.pl) from Debian's linux-source-X.Y
# package into the cache, and print the directory that holds them. For
# files that must come from a kernel tree at build time (checkpatch,
# kselftest_harness.h) and are never committed. Downloads and extracts once.
#
# source_files.sh --tarball PACKAGE: the package's whole source tarball
# instead (what a source lane builds from Debian's sources).
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

tarball_only=0
[[ ${1:-} == --tarball ]] && { tarball_only=1; shift; }
[[ $# -ge $((2 - tarball_only)) ]] || die "usage: source_files.sh linux-source-X.Y PATH... | --tarball linux-source-X.Y"
pkg=$1
shift
[[ $pkg =~ ^linux-source-[0-9]+\.[0-9]+$ ]] || die "$pkg: not a linux-source-X.Y package name"
ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
[[ -n $ver ]] || die "$pkg: apt-cache knows no such package (run apt-get update)"
dir=$WSLX_CACHE/debian/source/${pkg}_$ver
tree=$dir/tree
# find_tarball: the source tarball the package unpacked, or nothing.
find_tarball() {
	local found=("$dir"/usr/src/linux-source-*.tar.*)
	[[ -e ${found[0]} ]] && printf '%s\n' "${found[0]}"
	return 0
}
tarball=$(find_tarball)

if [[ -z $tarball ]]; then
	mkdir -p "$dir"
	step "$pkg: downloading $pkg=$ver (about 150 MB)"
	(cd "$dir" && apt-get download -q -o APT::Sandbox::User=root "$pkg=$ver") >&2 ||
		die "$pkg: apt-get download failed"
	dpkg-deb -x "$dir/${pkg}_${ver//:/%3a}_all.deb" "$dir"
	rm -f "$dir"/*.deb
	tarball=$(find_tarball)
	[[ -n $tarball ]] || die "$pkg: the package holds no source tarball"
fi

if ((tarball_only)); then
	printf '%s\n' "$tarball"
	exit 0
fi

missing=()
for p in "$@"; do
	[[ $p != /* && $p != *..* ]] || die "$p: give a path inside the kernel tree"
	[[ -e $tree/$p ]] || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
	top=$(basename "$tarball")
	top=${top%%.tar.*}
	step "$pkg: extracting ${missing[*]}"
	mkdir -p "$tree"
	tar -xf "$tarball" -C "$tree" --strip-components=1 \
		"${missing[@]/#/$top/}" >&2 || die "$pkg: could not extract ${missing[*]} from $tarball"
fi
printf '%s\n' "$tree"
