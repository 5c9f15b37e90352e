#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# stack_bench.sh [RUNS]: measured figures for make stack on the Debian
# stand-in pair, not a test:
#  - a cold cycle on this machine: an empty work repository, kernel cache
#    and ccache (the Debian source package and the lane kernels are taken
#    from the cache, so no download is timed): import of the .orig, Debian's
#    patch series as commits, four kernels built, booted and tested;
#  - how many kernel objects the incremental base -> base+series build
#    compiled on each base, in that cold cycle;
#  - a warm rerun with nothing changed, median of RUNS (default 3). Goal:
#    under 30 s.
set -euo pipefail
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "$0")/../../packaging/dkms/shipped/lib.sh"

runs=${1:-3}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS=$runs: not a positive number"
cache=${WSLX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wslx}
[[ -d $cache/stack/debian-src ]] || die "no stand-in source package in $cache yet (run: make stack STANDIN=1)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/cache/stack"
# Everything but the stack's own state and ccache comes from the real cache.
for part in "$cache"/*; do
	case ${part##*/} in stack | ccache) ;; *) ln -s "$part" "$tmp/cache/${part##*/}" ;; esac
done
cp -r "$cache/stack/debian-src" "$tmp/cache/stack/"
cycle() { WSLX_CACHE=$tmp/cache WSLX_BUILD=$tmp/build "$WSLX_ROOT/tools/wslx-cli" stack --standin; }

step "a cold cycle (empty work repository, kernel cache and ccache)"
t0=$(date +%s.%N)
cycle >"$tmp/cold.log" 2>&1 || die "the cold cycle failed (see the log: $(tail -n 3 "$tmp/cold.log"))"
cold=$(echo "$(date +%s.%N) - $t0" | bc)
/usr/bin/python3 - "$tmp/build/stack/latest/record.json" "$cold" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"cold cycle: {float(sys.argv[2]):.0f} s on {len(r['bases'])} bases")
for b in r["bases"]:
    k = b["kernels"]
    print(f"  {b['name']}: base kernel {k['base']['objects']} objects; base -> base+series "
          f"incremental: {k['series']['objects']} objects recompiled")
PY
step "warm reruns with nothing changed ($runs)"
times=()
for _ in $(seq "$runs"); do
	t0=$(date +%s.%N)
	cycle >/dev/null 2>&1 || die "a warm rerun failed"
	times+=("$(echo "$(date +%s.%N) - $t0" | bc)")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
printf 'warm rerun: median %.1f s of %s (%s); goal: under 30 s\n' "$median" "$runs" "${times[*]}"
