#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every shell script is shellcheck-clean and starts with "set -euo
# pipefail" (bash) or "set -eu" (busybox sh in the guest).
source "$(dirname "$0")/lib.sh"

mapfile -t scripts < <(cd "$WSLX_ROOT" && git ls-files -co --exclude-standard |
	while read -r f; do
		[[ -f $f ]] && head -n 1 "$f" | grep -qE '^#!.*(ba|busybox |/)sh' && echo "$f"
	done)
mapfile -t libs < <(cd "$WSLX_ROOT" && git ls-files -co --exclude-standard -- 'packaging/dkms/shipped/lib.sh' 'tests/lib.sh')
cd "$WSLX_ROOT" || exit 1
if out=$(shellcheck -x -P SCRIPTDIR "${scripts[@]}" "${libs[@]}" 2>&1); then
	pass "shellcheck: ${#scripts[@]} scripts and ${#libs[@]} libraries clean"
else
	fail "shellcheck" "$(head -n 20 <<<"$out")"
fi
bad=()
for f in "${scripts[@]}"; do
	case $(head -n 1 "$f") in
	*bash*) grep -q '^set -euo pipefail' "$f" || grep -q '^source .*lib.sh' "$f" || bad+=("$f") ;;
	*) grep -q '^set -eu' "$f" || [[ $f == ci/guest/init.sh ]] || bad+=("$f") ;;
	esac
done
if [[ ${#bad[@]} -eq 0 ]]; then
	pass "every script sets strict mode"
else
	fail "every script sets strict mode" "${bad[@]}"
fi
