#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# checkpatch.sh: run the kernel's checkpatch.pl --strict over the kernel-side
# C (src/, compat/, probes/, test fixtures). checkpatch.pl comes from
# Debian's linux-source package (CHECKPATCH_SOURCE, default linux-source-6.12),
# extracted into the cache; it is never committed.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

need_cmd perl perl
tree=$("$WSLX_ROOT/ci/source_files.sh" "${CHECKPATCH_SOURCE:-linux-source-6.12}" \
	scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch)
cd "$WSLX_ROOT"
mapfile -t files < <(git ls-files -co --exclude-standard -- \
	'src/*.[ch]' 'compat/*.[ch]' 'probes/*.c' 'tests/fixtures/*.[ch]')
[[ ${#files[@]} -gt 0 ]] || die "checkpatch: no kernel-side sources found"
step "checkpatch --strict on ${#files[@]} files"
if ! out=$(perl "$tree/scripts/checkpatch.pl" --strict --no-tree --terse \
	--show-types -f "${files[@]}" 2>&1); then
	grep -v ' 0 errors, 0 warnings, 0 checks' <<<"$out" >&2 || true
	die "checkpatch --strict found problems (listed above)"
fi
info "checkpatch --strict: ${#files[@]} files clean"
