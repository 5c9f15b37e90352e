#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# smoke_bench.sh [LANE] [RUNS]: measured figures, not a test.
#  1. a warm lane end to end (prepare, probe, build, verify, boot, smoke),
#     as "make smoke" runs it;
#  2. boot-to-result of the QEMU runner (modcheck smoke) against a bare
#     busybox initramfs that only runs insmod and rmmod, on the same kernel
#     in the same run, and their ratio.
# Prints medians of RUNS runs (default 3). Goals: runner/bare <= 1.05,
# warm make smoke <= 15 s.
set -euo pipefail
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "$0")/../../packaging/dkms/shipped/lib.sh"

lane=${1:-$(identity DEFAULT_LANE)}
runs=${2:-3}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS=$runs: not a positive number"
name=$(identity MODULE_NAME)
# The bare guest below is booted by hand, the x86_64 way; arch_bench.sh
# compares the arches through the runner.
[[ $("$WSLX_ROOT/tools/wslx-cli" lane-get "$lane" arch) == x86_64 ]] ||
	die "smoke_bench.sh: LANE=$lane is not an x86_64 lane (its bare-boot comparison is x86_64 only; arch_bench.sh measures arm64)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
# median of numbers on stdin
median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

step "warming $lane"
"$WSLX_ROOT/ci/smoke_lane.sh" "$lane" >/dev/null 2>&1 || die "$lane: make smoke fails; fix that before benchmarking"
# shellcheck source=/dev/null
source "$WSLX_BUILD/lanes/$lane/kernel.env"
# shellcheck disable=SC2153 # KREL comes from kernel.env
ko=$WSLX_BUILD/$KREL/$name.ko

step "warm end-to-end runs of $lane ($runs)"
for _ in $(seq "$runs"); do
	t0=$(now)
	"$WSLX_ROOT/ci/smoke_lane.sh" "$lane" >/dev/null 2>&1 || die "$lane: smoke failed during the benchmark"
	echo "$(now) - $t0" | bc
done >"$tmp/e2e"

# The bare guest: busybox, the .ko and an init that loads and unloads it,
# booted with the runner's kernel command line (the full boot log on the
# console, as the runner keeps it).
mkdir -p "$tmp/bare/bin"
cp "$(command -v busybox)" "$tmp/bare/bin/busybox"
cp "$ko" "$tmp/bare/m.ko"
cat >"$tmp/bare/init" <<INIT
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc 2>/dev/null || { /bin/busybox mkdir /proc; /bin/busybox mount -t proc proc /proc; }
/bin/busybox insmod /m.ko && /bin/busybox rmmod $name && echo BARE-OK
/bin/busybox reboot -f
INIT
chmod +x "$tmp/bare/init"
(cd "$tmp/bare" && find . | cpio -o -H newc -R 0:0 --quiet) >"$tmp/bare.cpio"

bare_boot() {
	timeout -k 5 120 qemu-system-x86_64 -M q35 -m 256 -nodefaults -display none \
		-no-reboot -serial "file:$tmp/bare.log" -kernel "$KERNEL_IMAGE" \
		-initrd "$tmp/bare.cpio" -append "console=ttyS0 panic=-1 8250.nr_uarts=2 rdinit=/init"
	grep -q BARE-OK "$tmp/bare.log" || die "bare guest did not load and unload the module"
}

printf 'modcheck smoke --ktap /%s.ko\n' "$name" >"$tmp/plan.sh"
step "boot-to-result, runner vs bare busybox, alternating ($runs each)"
for _ in $(seq "$runs"); do
	t0=$(now)
	bare_boot
	echo "$(now) - $t0" | bc >>"$tmp/bare.t"
	t0=$(now)
	"$WSLX_ROOT/ci/qemu_run.sh" --kernel "$KERNEL_IMAGE" --plan "$tmp/plan.sh" \
		--out "$tmp/runner" --file "$ko:$name.ko" 2>/dev/null || die "runner smoke failed"
	echo "$(now) - $t0" | bc >>"$tmp/runner.t"
done

e2e=$(median <"$tmp/e2e")
bare=$(median <"$tmp/bare.t")
runner=$(median <"$tmp/runner.t")
printf 'lane %s, kernel %s, %s runs, medians:\n' "$lane" "$KREL" "$runs"
printf '  warm make smoke end to end: %ss (goal <= 15s)\n' "$e2e"
printf '  boot-to-result, bare busybox insmod/rmmod: %ss\n' "$bare"
printf '  boot-to-result, wslx runner (modcheck smoke): %ss\n' "$runner"
printf '  runner / bare: %s (goal <= 1.05)\n' "$(echo "scale=2; $runner / $bare" | bc)"
