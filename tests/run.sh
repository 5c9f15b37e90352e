#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh [NAME...]: run the test files tests/t_*.sh (all, or those whose
# name contains one of NAME) and count their results. Each test file prints
# TAP lines: "ok - what", "not ok - what", "ok - what # SKIP why". A file
# that exits non-zero after its last result counts as one more failure.
# A skip is never a pass. The last line is "N passed, N failed, N skipped".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
logs=${WSLX_BUILD:-$here/../build}/tests
mkdir -p "$logs"

files=()
for f in "$here"/t_*.sh; do
	name=$(basename "$f" .sh)
	if [[ $# -eq 0 ]]; then
		files+=("$f")
		continue
	fi
	for want in "$@"; do
		[[ $name == *"$want"* ]] && files+=("$f") && break
	done
done
if [[ ${#files[@]} -eq 0 ]]; then
	echo "tests/run.sh: no test file matches: $*" >&2
	exit 2
fi

passed=0 failed=0 skipped=0
t_all=$SECONDS
for f in "${files[@]}"; do
	name=$(basename "$f" .sh)
	log=$logs/$name.log
	t0=$SECONDS
	echo "# $name"
	: >"$log"
	# Results stream through as they come; the whole output is kept too.
	while IFS= read -r line; do
		printf '%s\n' "$line" >>"$log"
		case $line in
		"not ok"*)
			failed=$((failed + 1))
			echo "  $line"
			;;
		"ok "*"# SKIP"*)
			skipped=$((skipped + 1))
			echo "  $line"
			;;
		"ok "*)
			passed=$((passed + 1))
			echo "  $line"
			;;
		"#exit "* | "") ;;
		"#"*) echo "  $line" ;;
		esac
	# The status line goes on a line of its own, whatever the file printed last.
	done < <(
		rc=0
		bash "$f" 2>&1 || rc=$?
		printf '\n#exit %s\n' "$rc"
	)
	rc=$(tail -n 1 "$log" | sed -n 's/^#exit //p')
	if [[ $rc != 0 ]]; then
		failed=$((failed + 1))
		echo "  not ok - $name exited with status $rc (log: $log)"
	fi
	echo "# $name: $((SECONDS - t0))s"
done
echo "# all tests: $((SECONDS - t_all))s; logs in $logs"
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
