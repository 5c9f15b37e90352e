#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fix_table.sh [FIXTURE.c...]: measured, not asserted. For each module of
# tests/fixtures/api_breaks/ (one old kernel API each): the Debian x86_64
# lanes it fails to build on, then make fix LANE=<the first of them>
# APPLY=1 LANES=<every x86_64 Debian lane>: the diagnosis, the proposal, and
# whether it built, verified and passed make smoke on every lane. Prints a
# table and the share fixed automatically (issue 21's goal: >= 80%).
set -euo pipefail
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/../lib.sh"

lanes=(debian-5.10 debian-6.1 debian-6.1-rt debian-6.1-cloud debian-6.12 debian-7.2)
[[ $# -gt 0 ]] || set -- "$TESTS_DIR"/fixtures/api_breaks/*.c
rows=() fixed=0 total=0
for file in "$@"; do
	name=$(basename "$file" .c)
	clone=$TMP/$name
	single_file_module "$clone" "$file"
	failing=()
	for lane in "${lanes[@]}"; do
		env WSLX_BUILD="$clone/build" "$clone/tools/wslx-cli" build --lane "$lane" \
			>/dev/null 2>&1 || failing+=("$lane")
	done
	total=$((total + 1))
	if [[ ${#failing[@]} -eq 0 ]]; then
		rows+=("$name|none|-|-|-|no lane fails")
		continue
	fi
	info "$name: fails on ${failing[*]}; make fix LANE=${failing[0]} APPLY=1"
	rc=0
	out=$(env WSLX_BUILD="$clone/build" make -s -C "$clone" fix LANE="${failing[0]}" APPLY=1 \
		LANES="${lanes[*]}" 2>&1) || rc=$?
	printf '%s\n' "$out" >"$TMP/$name.log"
	said=$(grep -m1 '^src/' <<<"$out" | sed -E -e 's/^src\/[^ ]* //' -e 's/; this kernel: [^;]*//' \
		-e 's/; [a-z0-9.-]+ \((last passed|oldest supported)\): [^;]*//' \
		-e 's/ \(removed or renamed\)//' -e 's/, probes\/.*//' || true)
	proposal=$(grep -c '^fix: ' <<<"$out" || true)
	left=$(grep -c '^left: ' <<<"$out" || true)
	passed=$(grep -c '^    debian-[^ ]*: PASS$' <<<"$out" || true)
	if [[ $rc -eq 0 ]] && grep -q '^verified: ' <<<"$out"; then
		verdict="verified"
		fixed=$((fixed + 1))
	elif grep -q '^unverified: ' <<<"$out"; then
		verdict="unverified: $(grep -m1 '^unverified: ' <<<"$out" | cut -c13-80)"
	else
		verdict="no proposal ($left left)"
	fi
	rows+=("$name|${failing[*]}|$said|$proposal fixed, $left left|$passed of ${#lanes[@]}|$verdict")
done
printf '| change | lanes failing before | diagnosis | proposal | lanes passing after | result |\n'
printf '|---|---|---|---|---|---|\n'
for r in "${rows[@]}"; do printf '| %s |\n' "${r//|/ | }"; done
printf '\nfixed automatically and verified on every x86_64 Debian lane: %d of %d (%d%%; goal: 80%%)\n' \
	"$fixed" "$total" "$((100 * fixed / total))"
