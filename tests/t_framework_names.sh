#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A clean line between framework and module: no framework file names the
# module in src/ (its name, its Kconfig symbol, its uapi headers). What the
# module owns: module.mk, src/, Kconfig, tests/kselftest/, tests/guest/,
# tests/faults.ini; the README and the tests' own checks may cite it.
source "$(dirname "$0")/lib.sh"

cd "$WSLX_ROOT" || exit 1
name=$(sed -n 's/^MODULE_NAME := //p' module.mk)
kconfig=$(sed -n 's/^MODULE_KCONFIG := //p' module.mk)
words=(-e "$name" -e "$kconfig")
for h in src/uapi/*.h; do
	[[ -f $h ]] && words+=(-e "$(basename "$h")")
done
framework=(Kbuild Makefile ci tools packaging probes compat tests/run.sh tests/lib.sh tests/unit .ci)
hits=$(git grep -n -I -w "${words[@]}" -- "${framework[@]}" 2>/dev/null || true)
if [[ -z $hits ]]; then
	pass "no framework file names the module ($name, CONFIG_$kconfig, its uapi headers)"
else
	fail "no framework file names the module" "$(head -n 5 <<<"$hits")"
fi
