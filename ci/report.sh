#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# report.sh [FILE]: a Markdown summary of the last run of every lane (make
# report), default build/report.md: whether the module works on the
# upstream lane (L1) and on the WSL lane (L2) first, then a table of every
# lane, and for each lane that failed its first failed check and the paths
# to its logs, .ko and KTAP.
# shellcheck disable=SC2016 # the backticks are Markdown code spans
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"
# shellcheck source=ci/lib/lane_results.sh
source "$WSLX_ROOT/ci/lib/lane_results.sh"

file=${1:-$WSLX_BUILD/report.md}
name=$(identity MODULE_NAME)
version=$(identity MODULE_VERSION)

# verdict LANE: PASS, FAIL, SKIP or "not run", from the summary line; a
# build attempt that failed after the last run makes it FAIL.
verdict() {
	local dir v
	dir=$(lane_dir "$1")
	v=$(lr_summary "$dir" 2)
	[[ -z $(lr_failed_attempt "$dir") ]] || v=FAIL
	printf '%s\n' "${v:-not run}"
}

# headline LABEL LANE: the sentence the report opens with for L1 and L2.
headline() {
	local v note
	v=$(verdict "$2")
	note=$(lr_source_note "$(lane_dir "$2")")
	case $v in
	PASS) printf -- '- **Works on the %s lane** (`%s`, %s).%s\n' "$1" "$2" "$(lr_summary "$(lane_dir "$2")" 3)" "${note:+ ${note^}.}" ;;
	FAIL) printf -- '- **Fails on the %s lane** (`%s`): see below.\n' "$1" "$2" ;;
	*) printf -- '- Not tested on the %s lane (`%s`: %s).\n' "$1" "$2" "$v" ;;
	esac
}

mkdir -p "$(dirname "$file")"
{
	printf '# %s %s: lane report\n\n' "$name" "$version"
	printf 'Written %s from the last run of each lane (build/lanes/).\n\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	headline upstream upstream-6.6
	headline WSL wsl-6.6
	printf '\n| lane | result | kernel | vermagic | verify | smoke | kselftest | when |\n'
	printf '|---|---|---|---|---|---|---|---|\n'
	for lane in $(lane_names); do
		dir=$(lane_dir "$lane")
		printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$lane" "$(verdict "$lane")" \
			"$(lr_summary "$dir" 3)" "$(lr_vermagic "$dir")" "$(lr_step "$dir" verify)" \
			"$(lr_step "$dir" smoke)" "$(lr_step "$dir" kselftest)" "$(lr_summary "$dir" 4)"
	done
	for lane in $(lane_names); do
		[[ $(verdict "$lane") == FAIL ]] || continue
		dir=$(lane_dir "$lane")
		printf '\n## %s failed\n\n' "$lane"
		attempt=$(lr_failed_attempt "$dir")
		[[ -z $attempt ]] || printf -- '- Last attempt, after the last run: %s\n' "$attempt"
		first=$(lr_first_failure "$dir")
		[[ -z $first ]] || printf -- '- First failed check: `%s`\n' "$first"
		if grep -q '^not ok [0-9]* build' "$dir/results.ktap" 2>/dev/null; then
			krel=$(lr_summary "$dir" 3)
			err=$(grep -m 1 -E 'error' "$WSLX_BUILD/$krel/build.log" 2>/dev/null || true)
			[[ -z $err ]] || printf -- '- First compile error: `%s`\n' "$err"
		fi
		printf -- '- KTAP: `%s`\n' "$dir/results.ktap"
		for f in "$dir"/*.ko; do
			[[ -f $f ]] && printf -- '- Module: `%s`\n' "$f"
		done
		printf -- '- Logs: `%s`\n' "$(find "$dir" -maxdepth 2 -name '*.log' | sort | paste -sd' ')"
	done
} >"$file.tmp"
mv "$file.tmp" "$file"
step "report written to $file"
