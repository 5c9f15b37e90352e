#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# probe_bench.sh [LANE]: measured figures for the probe runner, not a
# test. The whole catalogue (probes/, at least 100 distinct questions: no
# renamed copies that share headers) against the lane's headers (default
# debian-6.12):
#  - cold: no cached answers and no cached kbuild command;
#  - cold with the kbuild command known (a second module on the same kernel);
#  - the isolated-compile floor: one probe compiled alone through kbuild,
#    measured in the same run;
#  - warm: the same run again, answered from the cache.
# Goals: 100 probes cold <= 1.0 CPU-s; warm under 0.3 s.
set -euo pipefail
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "$0")/../../packaging/dkms/shipped/lib.sh"

lane=${1:-debian-6.12}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$WSLX_ROOT/tools/wslx-cli" prepare "$lane" >/dev/null 2>&1 || die "LANE=$lane: prepare failed"
# shellcheck source=/dev/null
source "$WSLX_BUILD/lanes/$lane/kernel.env"
: "${KREL:?}" "${KDIR:?}"
# Where the lane builds in a build root, every timing runs there too.
in_lane=()
if [[ -n $("$WSLX_ROOT/tools/wslx-cli" lane-get "$lane" buildroot_suite) ]]; then
	in_lane=("$WSLX_ROOT/tools/wslx-cli" in-lane "$lane" --)
fi
n=$(find "$WSLX_ROOT/probes" -name '*.c' | wc -l)
distinct=$(sed -n 's/^ \* probe: //p' "$WSLX_ROOT"/probes/*.c | sort -u | wc -l)
compiled=$(grep -l '^ \* kind: \(compile\|canary-yes\|canary-no\)$' "$WSLX_ROOT"/probes/*.c | wc -l)

# cpu_of CMD...: run CMD, print "wall cpu" in seconds.
cpu_of() {
	/usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >/dev/null 2>&1 || die "failed: $*"
	awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$tmp/time"
}

runner=("${in_lane[@]}" "$WSLX_ROOT/packaging/dkms/shipped/run_probes.sh" "$KDIR")
step "cold run: $n probes against $KREL"
read -r cold_wall cold_cpu < <(WSLX_PROBE_CACHE=$tmp/cache cpu_of "${runner[@]}" "$tmp/out")
# The same probes again with the kbuild command kept, the answers dropped.
find "$tmp/cache" -name '*.tsv' -delete
step "cold run, kbuild command known"
read -r _ known_cpu < <(WSLX_PROBE_CACHE=$tmp/cache cpu_of "${runner[@]}" "$tmp/out")
step "warm run (cached)"
read -r warm_wall _ < <(WSLX_PROBE_CACHE=$tmp/cache cpu_of "${runner[@]}" "$tmp/out")

# The floor: one probe compiled alone through kbuild with its real flags.
step "isolated-compile floor: one probe through kbuild"
mkdir -p "$tmp/one"
# The compile canary: it compiles on every kernel.
cp "$WSLX_ROOT/probes/canary_compiles.c" "$tmp/one/p.c"
printf 'ccflags-y := -Wno-missing-prototypes\nobj-m := p.o\n' >"$tmp/one/Kbuild"
mapfile -t cc_args < <(kbuild_cc_args "$KDIR" 2>/dev/null)
read -r _ floor_cpu < <(cpu_of "${in_lane[@]}" make -C "$KDIR" M="$tmp/one" "${cc_args[@]}" p.o)

printf 'lane %s, kernel %s\n' "$lane" "$KREL"
printf '  probes:                  %d (%d distinct macros, %d compiled)\n' "$n" "$distinct" "$compiled"
printf '  cold run:                %ss wall, %s CPU-s (goal <= 1.0 for 100)\n' "$cold_wall" "$cold_cpu"
printf '  cold, kbuild cmd known:  %s CPU-s\n' "$known_cpu"
printf '  CPU-s per probe, cold:   %s\n' "$(echo "scale=4; $cold_cpu / $n" | bc)"
printf '  isolated-compile floor:  %s CPU-s for one probe through kbuild\n' "$floor_cpu"
printf '  warm run (cached):       %ss wall (goal < 0.3)\n' "$warm_wall"
