#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fuzz.sh [SECONDS]: fuzz modcheck's module parsers with libFuzzer (ASan
# and UBSan on) for SECONDS (default 600), seeded with real modules: the
# example module built for each prepared lane (debug info stripped, to keep
# inputs small), Debian's own modules from the lane images (.ko and
# .ko.xz), and the test fixtures. verify runs against the debian-6.1 kernel
# tree. A crash leaves its input in build/fuzz/crashes/ and fails the run.
# FUZZ_OUT: another folder for the binary, corpus, crashes and log (the
# test suite's short run uses its own).
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"

seconds=${1:-600}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "FUZZ_SECONDS=$seconds: not a positive number of seconds"
need_cmd clang clang
out=${FUZZ_OUT:-$WSLX_BUILD/fuzz}
corpus=$out/corpus
# Crashes of an earlier run are not this run's: keep those worth keeping
# in tests/fuzz/regressions/.
rm -rf "$out/crashes"
mkdir -p "$out/crashes" "$corpus" "$out/bin"
make -s -C "$WSLX_ROOT/tools/modcheck" O="$out/bin" "$out/bin/modcheck_fuzz" >&2 ||
	die "building the fuzzer failed (needs clang and libclang-rt-14-dev: make deps)"

lane_load debian-6.1
: "${MODULES_DIR:?}"

# Seeds: small, real, varied. Each is named after its content, so reruns
# do not pile up copies.
seed() {
	local f=$1
	cp "$f" "$corpus/$(sha1sum "$f" | cut -c1-16)"
}
for ko in "$WSLX_BUILD"/*/wslx_ring.ko; do
	[[ -f $ko ]] || continue
	objcopy --strip-debug "$ko" "$out/stripped.ko" && seed "$out/stripped.ko"
done
for lane_mods in "$MODULES_DIR" "$WSLX_BUILD"/lanes/*/kernel.env; do
	[[ $lane_mods == *kernel.env ]] && lane_mods=$(sed -n 's/^MODULES_DIR=//p' "$lane_mods")
	[[ -d $lane_mods ]] || continue
	# (head would close the pipe early: SIGPIPE under pipefail)
	mapfile -t mods < <(find "$lane_mods/kernel" -name '*.ko*' -size -48k 2>/dev/null | sort)
	for f in "${mods[@]:0:25}"; do seed "$f"; done
done
# Inputs that once crashed modcheck must keep passing (libFuzzer runs the
# files it is given once each and exits).
regressions=("$WSLX_ROOT"/tests/fuzz/regressions/*.ko)
if [[ -e ${regressions[0]} ]]; then
	step "replaying ${#regressions[@]} inputs that once crashed modcheck"
	WSLX_FUZZ_KDIR=$KDIR "$out/bin/modcheck_fuzz" "${regressions[@]}" >"$out/regressions.log" 2>&1 ||
		die "a former crash is back (log: $out/regressions.log)"
	for f in "${regressions[@]}"; do seed "$f"; done
fi
step "fuzzing modcheck for ${seconds}s ($(find "$corpus" -type f | wc -l) seeds)"
rc=0
WSLX_FUZZ_KDIR=$KDIR ASAN_OPTIONS=detect_leaks=1 \
	"$out/bin/modcheck_fuzz" -max_total_time="$seconds" -max_len=131072 \
	-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$out/crashes/" -print_final_stats=1 \
	"$corpus" >"$out/fuzz.log" 2>&1 || rc=$?
tail -n 12 "$out/fuzz.log" | grep -E '^(stat::|Done|#[0-9]+)' >&2 || true
crashes=$(find "$out/crashes" -type f | wc -l)
if ((rc != 0 || crashes != 0)); then
	die "the fuzzer found $crashes crashing inputs in $out/crashes (exit $rc; log: $out/fuzz.log)"
fi
info "no crash in ${seconds}s (log: $out/fuzz.log)"
