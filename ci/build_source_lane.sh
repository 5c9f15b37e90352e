#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_source_lane.sh LANE [options]: a source lane end to end. Fetch the
# lane's pinned kernel source (or take --source), configure and build the
# kernel, build the module against it, verify it, and smoke-test it in QEMU
# on the kernel just built; with --intree, also build the module inside the
# kernel tree and smoke-test that. Results: build/lanes/<lane>/ (summary,
# results.ktap, logs, the .ko), and build/lanes/<lane>/intree/.
#
# A step that fails before the smoke test (bad source, bad checksum, a
# configuration without modules, a kernel build failure) stops with one
# line naming it, records it in build/lanes/<lane>/attempt, and leaves the
# lane's previous results and kernel as they were.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"

usage() {
	cat <<USAGE
usage: $(basename "$0") ${1:-LANE} [--source DIR|TARBALL [--sha256 HEX]] [--full]
       [--fragment FILE]... [--intree] [--no-smoke]

  --source DIR|TARBALL  build this kernel tree or tarball instead of fetching
                        the lane's pinned source (needs no network)
  --sha256 HEX          the tarball's expected sha256
  --full                the lane's full configuration (the WSL config takes
                        35-60 minutes to build here) instead of the small one
  --fragment FILE       a config fragment applied last (repeatable)
  --intree              also build the module in the kernel tree and test it
  --no-smoke            stop after building the kernel
USAGE
}

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
lane=$1
shift
lane_file "$lane" >/dev/null
[[ $(lane_get "$lane" kind) == source ]] || die "LANE=$lane: not a source lane (kind=$(lane_get "$lane" kind))"
intree=0 smoke=1 fragments=()
unset WSLX_SOURCE WSLX_SOURCE_SHA256 WSLX_FULL WSLX_FRAGMENTS
while [[ $# -gt 0 ]]; do
	case $1 in
	--source)
		[[ $# -ge 2 ]] || die "--source needs a folder or tarball"
		[[ -e $2 ]] || die "--source $2: no such file or folder"
		WSLX_SOURCE=$(realpath "$2")
		shift
		;;
	--sha256)
		[[ $# -ge 2 && $2 =~ ^[0-9a-fA-F]{64}$ ]] || die "--sha256 ${2:-}: not a sha256 (64 hex digits)"
		WSLX_SOURCE_SHA256=$2
		shift
		;;
	--full) WSLX_FULL=1 ;;
	--fragment)
		[[ $# -ge 2 && -f $2 && -r $2 ]] || die "--fragment ${2:-}: cannot read"
		fragments+=("$(realpath "$2")")
		shift
		;;
	--intree) intree=1 ;;
	--no-smoke) smoke=0 ;;
	-h | --help) usage "$lane"; exit 0 ;;
	*) die "$1: unknown option (see $(basename "$0") --help)" ;;
	esac
	shift
done
[[ -z ${WSLX_SOURCE_SHA256:-} || -n ${WSLX_SOURCE:-} ]] || die "--sha256 needs --source TARBALL"
WSLX_FRAGMENTS="${fragments[*]}"
export WSLX_SOURCE WSLX_SOURCE_SHA256 WSLX_FULL WSLX_FRAGMENTS

dir=$(lane_dir "$lane")
mkdir -p "$dir"
t0=$SECONDS
# attempt VERDICT NOTE: the last attempt, for make status and make report.
attempt() {
	printf '%s %s %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$(elapsed "$t0")" "$2" >"$dir/attempt"
}

step "$lane: preparing the kernel"
log=$dir/attempt.log
rc=0
"$WSLX_ROOT/ci/prepare_lane.sh" "$lane" 2>&1 | tee "$log" >&2 || rc=${PIPESTATUS[0]}
if ((rc != 0)); then
	why=$(grep -m 1 '^wslx: error: ' "$log" | sed 's/^wslx: error: //')
	[[ $why == *"(log: "* ]] || why+=" (log: $log)"
	attempt FAIL "kernel: $why"
	exit "$rc"
fi
attempt OK "kernel ready"
((smoke)) || exit 0

rc=0
"$WSLX_ROOT/ci/smoke_lane.sh" "$lane" || rc=$?
if ((intree)); then
	"$WSLX_ROOT/ci/smoke_lane.sh" --intree "$lane" || rc=$?
fi
exit "$rc"
