#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# "make help" lists every target the Makefile defines.
source "$(dirname "$0")/lib.sh"

help=$(make -s -C "$WSLX_ROOT" help)
targets=$(sed -n 's/^\([a-z][a-z-]*\):.*/\1/p' "$WSLX_ROOT/Makefile" | sort -u)
missing=()
for t in $targets; do
	grep -q "^  $t " <<<"$help" || missing+=("$t")
done
if [[ ${#missing[@]} -eq 0 && -n $targets ]]; then
	pass "make help lists all $(wc -w <<<"$targets") targets"
else
	fail "make help lists every target" "missing: ${missing[*]}"
fi
