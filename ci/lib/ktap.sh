# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# A lane's top-level KTAP: one result per step, printed as it happens and
# kept in a file. Nested KTAP from modcheck is indented under its step.

# ktap_begin FILE PLANNED
ktap_begin() {
	KTAP_FILE=$1 KTAP_N=0 KTAP_FAILED=0
	printf 'KTAP version 1\n1..%s\n' "$2" >"$KTAP_FILE"
}

# ktap_nest FILE: indent a sub-test's KTAP into the lane's.
ktap_nest() {
	[[ -s $1 ]] && sed 's/^/    /' "$1" >>"$KTAP_FILE"
	return 0
}

# ktap_result ok|fail|skip NAME [NOTE]
ktap_result() {
	local status=$1 name=$2 note=${3:-} line
	KTAP_N=$((KTAP_N + 1))
	case $status in
	ok) line="ok $KTAP_N $name${note:+ # $note}" ;;
	skip) line="ok $KTAP_N $name # SKIP $note" ;;
	*)
		line="not ok $KTAP_N $name${note:+ # $note}"
		KTAP_FAILED=$((KTAP_FAILED + 1))
		;;
	esac
	printf '%s\n' "$line" >>"$KTAP_FILE"
	printf '%s\n' "$line" >&2
}
