#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# probe_bench.sh [LANE] [N]: measured figures for the probe runner, not a
# test. N probes (default 100: the catalogue, topped up with renamed copies
# of its compile probes) against the lane's headers (default debian-6.12):
#  - cold: no cached answers and no cached kbuild command;
#  - the isolated-compile floor: one probe compiled alone through kbuild,
#    measured in the same run;
#  - warm: the same run again, answered from the cache.
# Goals: <= 0.02 CPU-s per probe cold; warm under 0.3 s.
set -euo pipefail
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "$0")/../../packaging/dkms/shipped/lib.sh"

lane=${1:-debian-6.12}
want=${2:-100}
[[ $want =~ ^[1-9][0-9]*$ ]] || die "N=$want: not a positive number"
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

mkdir -p "$tmp/probes"
cp "$WSLX_ROOT"/probes/*.c "$tmp/probes/"
mapfile -t compile_probes < <(grep -l '^ \* kind: compile$' "$WSLX_ROOT"/probes/*.c)
n=$(find "$tmp/probes" -name '*.c' | wc -l)
i=0
while ((n < want)); do
	src=${compile_probes[$((i % ${#compile_probes[@]}))]}
	base=$(basename "$src" .c)
	sed "s/^ \\* probe: \\(.*\\)$/ * probe: \\1_COPY$i/" "$src" >"$tmp/probes/${base}_copy$i.c"
	i=$((i + 1)) n=$((n + 1))
done

# cpu_of CMD...: run CMD, print "wall cpu" in seconds.
cpu_of() {
	/usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >/dev/null 2>&1 || die "failed: $*"
	awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$tmp/time"
}

step "cold run: $n probes against $KREL"
read -r cold_wall cold_cpu < <(WSLX_PROBES_DIR=$tmp/probes WSLX_PROBE_CACHE=$tmp/cache \
	cpu_of "${in_lane[@]}" "$WSLX_ROOT/packaging/dkms/shipped/run_probes.sh" "$KDIR" "$tmp/out")
step "warm run (cached)"
read -r warm_wall _ < <(WSLX_PROBES_DIR=$tmp/probes WSLX_PROBE_CACHE=$tmp/cache \
	cpu_of "${in_lane[@]}" "$WSLX_ROOT/packaging/dkms/shipped/run_probes.sh" "$KDIR" "$tmp/out")

# The floor: one probe compiled alone through kbuild with its real flags.
step "isolated-compile floor: one probe through kbuild"
mkdir -p "$tmp/one"
# The compile canary: it compiles on every kernel.
cp "$WSLX_ROOT/probes/canary_compiles.c" "$tmp/one/p.c"
printf 'ccflags-y := -Wno-missing-prototypes\nobj-m := p.o\n' >"$tmp/one/Kbuild"
mapfile -t cc_args < <(kbuild_cc_args "$KDIR" 2>/dev/null)
read -r _ floor_cpu < <(cpu_of "${in_lane[@]}" make -C "$KDIR" M="$tmp/one" "${cc_args[@]}" p.o)

printf 'lane %s, kernel %s\n' "$lane" "$KREL"
printf '  probes:                  %d\n' "$n"
printf '  cold run:                %ss wall, %s CPU-s\n' "$cold_wall" "$cold_cpu"
printf '  CPU-s per probe:         %s (goal <= 0.02)\n' "$(echo "scale=4; $cold_cpu / $n" | bc)"
printf '  isolated-compile floor:  %s CPU-s for one probe through kbuild\n' "$floor_cpu"
printf '  per-probe cost / floor:  %s\n' "$(echo "scale=3; $cold_cpu / $n / $floor_cpu" | bc)"
printf '  warm run (cached):       %ss wall (goal < 0.3)\n' "$warm_wall"
