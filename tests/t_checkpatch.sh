#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The module's C follows the kernel coding style: checkpatch.pl --strict,
# taken from Debian's kernel source package, reports nothing. And a file
# with a style error is caught, so the check can fail.
source "$(dirname "$0")/lib.sh"

check "checkpatch --strict is clean on src/, compat/, probes/ and fixtures" \
	"$WSLX_ROOT/tools/wslx-cli" checkpatch

tree=$("$WSLX_ROOT/tools/wslx-cli" source-files linux-source-6.12 scripts/checkpatch.pl 2>/dev/null)
printf '// SPDX-License-Identifier: GPL-2.0-only\nint f(int a){\n  return a;\n}\n' >"$TMP/bad.c"
if ! perl "$tree/scripts/checkpatch.pl" --strict --no-tree --terse -f "$TMP/bad.c" >/dev/null 2>&1; then
	pass "checkpatch catches a badly styled file"
else
	fail "checkpatch catches a badly styled file"
fi
