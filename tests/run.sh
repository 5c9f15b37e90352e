#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh [NAME...]: run the test files tests/t_*.sh (all, or those whose
# name contains one of NAME) and count their results. Each test file prints
# TAP lines: "ok - what", "not ok - what", "ok - what # SKIP why". A file
# that exits non-zero after its last result counts as one more failure.
# A skip is never a pass. The last line is "N passed, N failed, N skipped".
#
# A file with the line "# run: beside" works in its own folders, caches and
# clones and touches nothing the others use: those run one after another in
# the background while the rest run in the foreground (QEMU's TCG keeps one
# core busy per guest, downloads and apt wait on the network: two streams
# fill a 2-core machine better than one). Their results are printed after
# the foreground's. A file with "# run: alone" (it damages what others
# read, the shared kernel cache) waits for the background and runs last.
# WSLX_TESTS_SERIAL=1 runs everything in one stream.
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

# count LINE: one result line into the counts, echoed indented.
count() {
	case $1 in
	"not ok"*)
		failed=$((failed + 1))
		echo "  $1"
		;;
	"ok "*"# SKIP"*)
		skipped=$((skipped + 1))
		echo "  $1"
		;;
	"ok "*)
		passed=$((passed + 1))
		echo "  $1"
		;;
	"#exit "* | "") ;;
	"#"*) echo "  $1" ;;
	esac
}

# finish NAME LOG SECONDS: the file's exit status as a result, and its time.
finish() {
	local rc
	rc=$(tail -n 1 "$2" | sed -n 's/^#exit //p')
	if [[ $rc != 0 ]]; then
		failed=$((failed + 1))
		echo "  not ok - $1 exited with status $rc (log: $2)"
	fi
	echo "# $1: ${3}s"
}

# run_file FILE LOG: the test file's output (and "#exit N") into LOG.
run_file() {
	local rc=0
	: >"$2"
	bash "$1" >>"$2" 2>&1 || rc=$?
	printf '\n#exit %s\n' "$rc" >>"$2"
}

beside=() front=() alone=()
for f in "${files[@]}"; do
	if [[ ${WSLX_TESTS_SERIAL:-} == 1 || ${#files[@]} -eq 1 ]]; then
		front+=("$f")
	elif grep -qx '# run: beside' "$f"; then
		beside+=("$f")
	elif grep -qx '# run: alone' "$f"; then
		alone+=("$f")
	else
		front+=("$f")
	fi
done

# The background stream: each file's log, then its time in LOG.seconds.
bg=""
if [[ ${#beside[@]} -gt 0 ]]; then
	(
		for f in "${beside[@]}"; do
			log=$logs/$(basename "$f" .sh).log
			t0=$SECONDS
			run_file "$f" "$log"
			echo $((SECONDS - t0)) >"$log.seconds"
		done
	) &
	bg=$!
	echo "# beside the others: $(for f in "${beside[@]}"; do basename "$f" .sh; done | paste -sd' ')"
fi

# front FILE: run one file in the foreground, its results streaming through.
front() {
	local f=$1 name log t0
	name=$(basename "$f" .sh)
	log=$logs/$name.log
	t0=$SECONDS
	echo "# $name"
	: >"$log"
	# Results stream through as they come; the whole output is kept too.
	while IFS= read -r line; do
		printf '%s\n' "$line" >>"$log"
		count "$line"
	# The status line goes on a line of its own, whatever the file printed last.
	done < <(
		rc=0
		bash "$f" 2>&1 || rc=$?
		printf '\n#exit %s\n' "$rc"
	)
	finish "$name" "$log" $((SECONDS - t0))
}

for f in "${front[@]}"; do front "$f"; done
if [[ -n $bg ]]; then
	wait "$bg" || true
	for f in "${beside[@]}"; do
		name=$(basename "$f" .sh)
		log=$logs/$name.log
		echo "# $name (beside)"
		while IFS= read -r line; do count "$line"; done <"$log"
		finish "$name" "$log" "$(cat "$log.seconds" 2>/dev/null || echo '?')"
	done
fi
for f in "${alone[@]}"; do front "$f"; done
echo "# all tests: $((SECONDS - t_all))s; logs in $logs"
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
