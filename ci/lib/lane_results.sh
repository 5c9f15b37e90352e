# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Reading a lane's last results (build/lanes/<lane>/): what make status and
# make report show. Nothing here runs a build.

# lr_step DIR NAME: ok, FAIL, skip or "-" for a top-level step of the
# lane's results.ktap whose name starts with NAME.
lr_step() {
	awk -v n="$2" '
		/^(not )?ok [0-9]+ / {
			line = $0; st = "ok"
			if (line ~ /^not ok/) { st = "FAIL"; sub(/^not ok [0-9]+ /, "", line) } else sub(/^ok [0-9]+ /, "", line)
			if (index(line, n) == 1) { if (line ~ / # SKIP/) st = "skip"; r = st }
		}
		END { print (r == "" ? "-" : r) }' "$1/results.ktap" 2>/dev/null || printf -- '-\n'
}

# lr_first_failure DIR: the first failed check of the lane's last run,
# nested results first (they name the precise check), then its step.
lr_first_failure() {
	grep -m 1 -E '^ +not ok ' "$1/results.ktap" 2>/dev/null | sed 's/^ *//' ||
		grep -m 1 '^not ok ' "$1/results.ktap" 2>/dev/null || true
}

# lr_vermagic DIR: the vermagic of the lane's last .ko.
lr_vermagic() {
	local ko
	ko=$(find "$1" -maxdepth 1 -name '*.ko' -print -quit 2>/dev/null)
	[[ -n $ko ]] && modinfo -F vermagic "$ko" 2>/dev/null | sed 's/ *$//'
	return 0
}

# lr_summary DIR FIELD: a field of the summary line (2 verdict, 3 release,
# 4 when, 5 duration).
lr_summary() {
	[[ -f $1/summary ]] && cut -d' ' -f"$2" "$1/summary"
	return 0
}

# lr_source_note DIR: where a source lane's kernel came from (kernel.env).
lr_source_note() {
	[[ -f $1/kernel.env ]] || return 0
	# shellcheck source=/dev/null
	(source "$1/kernel.env" && printf '%s\n' "${SOURCE_NOTE:-}")
}

# lr_failed_attempt DIR: the note of the lane's last build attempt when it
# failed after the lane's last run (make status, make report), else nothing.
lr_failed_attempt() {
	local at verdict note
	[[ -f $1/attempt ]] || return 0
	read -r at verdict _ note <"$1/attempt" || true
	[[ $verdict == FAIL ]] || return 0
	[[ $at > "$(lr_summary "$1" 4)" ]] || return 0
	printf '%s: %s\n' "$at" "$note"
}
