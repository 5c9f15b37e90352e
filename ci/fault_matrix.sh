#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fault_matrix.sh LANE [fault|fault-leak]: build the module with its fault
# points compiled in (the fault-leak variant also has a deliberate leak on
# an error path) and, in one QEMU boot of the lane's kernel:
#  - load it once per init-path fault point set to "fail": the load must
#    fail with the injected error and leave no /sys/module entry, no device
#    node, no new taint and no WARNING/BUG; a clean load right after must
#    pass, which catches what the error path forgot to undo;
#  - fail the optional debugfs point: the module must still load;
#  - fail copy_to_user / copy_from_user: reads and writes must return
#    EFAULT to the caller, and the module must unload;
#  - give an unknown location and an unknown action: refused at load.
# Prints KTAP; exits 1 if any case failed.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"
# shellcheck source=ci/lib/ktap.sh
source "$WSLX_ROOT/ci/lib/ktap.sh"

[[ $# -ge 1 && $# -le 2 ]] || die "usage: fault_matrix.sh LANE [fault|fault-leak]"
lane=$1
variant=${2:-fault}
[[ $variant == fault || $variant == fault-leak ]] || die "$variant: not a fault build variant (fault, fault-leak)"
lane_load "$lane"
dir=$(lane_dir "$lane")
ko=$(WSLX_VARIANT=$variant "$WSLX_ROOT/ci/build_module.sh" "$KDIR") || die "building the $variant variant failed"
out=$dir/faults-$variant
mkdir -p "$out"

# point:expected errno text, for the points on the init path.
init_points=("alloc:Cannot allocate memory" "class:Cannot allocate memory"
	"misc_register:Device or resource busy")
{
	for p in "${init_points[@]}"; do
		pt=${p%%:*}
		printf "modcheck smoke --ktap --params 'fault=%s=fail' /m.ko | sed 's/^/[%s] /'\n" "$pt" "$pt"
		printf '[ -e /dev/wslx_ring ] && echo "[%s] device node left behind"\n' "$pt"
		printf "modcheck smoke --ktap /m.ko | sed 's/^/[%s-after] /'\n" "$pt"
	done
	printf "modcheck smoke --ktap --params fault=debugfs=fail --run '! test -e /sys/kernel/debug/wslx_ring' /m.ko | sed 's/^/[debugfs] /'\n"
	printf "modcheck smoke --ktap --params fault=copy_to_user=fail --run /io_read_fails.sh /m.ko | sed 's/^/[copy_to_user] /'\n"
	printf "modcheck smoke --ktap --params fault=copy_from_user=fail --run /io_write_fails.sh /m.ko | sed 's/^/[copy_from_user] /'\n"
	printf "modcheck smoke --ktap --params fault=nowhere=fail /m.ko | sed 's/^/[bad_location] /'\n"
	printf "modcheck smoke --ktap --params fault=alloc=sometimes /m.ko | sed 's/^/[bad_action] /'\n"
} >"$out/plan.sh"
rc=0
"$WSLX_ROOT/ci/qemu_run.sh" --kernel "$KERNEL_IMAGE" --plan "$out/plan.sh" --out "$out/guest" \
	--timeout 180 --file "$ko:m.ko" --file "$WSLX_ROOT/tests/guest/io_read_fails.sh:io_read_fails.sh" \
	--file "$WSLX_ROOT/tests/guest/io_write_fails.sh:io_write_fails.sh" || rc=$?
((rc <= 1)) || die "LANE=$lane: the guest did not finish the fault matrix (console: $out/guest/console.log)"
log=$out/guest/results.ktap

# case_has TAG PATTERN: a line of that case matches.
case_has() { grep -q "^\\[$1\\] $2" "$log"; }
clean_case() { ! grep -q "^\\[$1\\] not ok" "$log" && grep -q "^\\[$1\\] ok " "$log"; }

ktap_begin "$out/results.ktap" $((${#init_points[@]} * 2 + 5))
for p in "${init_points[@]}"; do
	pt=${p%%:*} err=${p#*:}
	if case_has "$pt" "not ok [0-9]* insert # $err" && case_has "$pt" "ok [0-9]* gone" &&
		case_has "$pt" "ok [0-9]* taint" && case_has "$pt" "ok [0-9]* kernel log" &&
		! grep -q "^\\[$pt\\] device node left behind" "$log"; then
		ktap_result ok "$pt=fail: load fails with \"$err\" and leaves nothing behind"
	else
		ktap_result fail "$pt=fail: load fails with \"$err\" and leaves nothing behind" "see $log"
	fi
	if clean_case "$pt-after"; then
		ktap_result ok "a clean load after $pt=fail passes"
	else
		ktap_result fail "a clean load after $pt=fail passes" \
			"$(grep -m 1 "^\\[$pt-after\\] not ok" "$log" | sed 's/^\[[^]]*\] //')"
	fi
done
for c in debugfs copy_to_user copy_from_user; do
	if clean_case "$c"; then
		ktap_result ok "$c=fail: the errors reach the caller and the module unloads"
	else
		ktap_result fail "$c=fail: the errors reach the caller and the module unloads" "see $log"
	fi
done
if case_has bad_location "not ok [0-9]* insert # Invalid argument" &&
	case_has bad_location "# kmsg: wslx_ring: unknown fault location 'nowhere'"; then
	ktap_result ok "an unknown fault location is refused at load, by name"
else
	ktap_result fail "an unknown fault location is refused at load, by name" "see $log"
fi
if case_has bad_action "not ok [0-9]* insert # Invalid argument" &&
	case_has bad_action "# kmsg: wslx_ring: fault location alloc: unknown action 'sometimes'"; then
	ktap_result ok "an unknown fault action is refused at load, by name"
else
	ktap_result fail "an unknown fault action is refused at load, by name" "see $log"
fi
((KTAP_FAILED == 0))
