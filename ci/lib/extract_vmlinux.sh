#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# extract_vmlinux.sh BZIMAGE OUT: write the uncompressed ELF kernel held in a
# compressed x86 bzImage. Booting that vmlinux through PVH skips the
# decompressor, which costs seconds under TCG.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/common.sh"

[[ $# -eq 2 ]] || die "usage: extract_vmlinux.sh BZIMAGE OUT"
image=$1 out=$2
[[ -r $image ]] || die "$image: cannot read kernel image"

# Try each compressed stream that starts at a known magic until one
# decompresses to an ELF file (the payload is followed by other data, so the
# decompressor's complaint about trailing garbage is expected).
try() {
	local magic=$1 off
	shift
	while read -r off; do
		tail -c "+$((off + 1))" "$image" | "$@" >"$out.tmp" 2>/dev/null || true
		if [[ $(head -c 4 "$out.tmp" | od -An -tx1 | tr -d ' ') == 7f454c46 ]]; then
			mv "$out.tmp" "$out"
			return 0
		fi
	done < <(LC_ALL=C grep -obUaP "$magic" "$image" | cut -d: -f1)
	return 1
}

try '\xfd7zXZ\x00' xz -dc ||
	try '\x28\xb5\x2f\xfd' zstd -dc ||
	try '\x1f\x8b\x08' gzip -dc ||
	try '\x02\x21\x4c\x18' lz4 -dc ||
	{ rm -f "$out.tmp"; die "$image: no compressed ELF kernel found inside"; }
