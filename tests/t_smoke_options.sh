#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# modcheck smoke's options against the real 6.1 kernel in one QEMU boot:
# parameters are read back from sysfs, --repeat cycles, an unknown
# parameter is reported, and a module still held open at removal time
# fails the refcount check instead of passing.
source "$(dirname "$0")/lib.sh"

lane_ko debian-6.1
cat >"$TMP/hold.sh" <<'HOLD'
#!/bin/sh
# Keep the device open past the end of this command.
sleep 60 </dev/wslx_ring >/dev/null 2>&1 &
sleep 1
HOLD
plan="modcheck smoke --ktap --params 'ring_size=64 tick_ms=5 label=hi' --repeat 20 /m.ko | sed 's/^/[good] /'
modcheck smoke --ktap --params 'nosuch=1' /m.ko | sed 's/^/[unknown] /'
modcheck smoke --ktap --run /hold.sh /m.ko | sed 's/^/[held] /'"
guest "$plan" --timeout 120 --file "$KO:m.ko" --file "$TMP/hold.sh:hold.sh"

if grep -q '^\[good\] ok [0-9]* params # 3 parameters read back from sysfs' <<<"$OUT" &&
	grep -q '^\[good\] ok [0-9]* repeat # 20 load/unload cycles' <<<"$OUT" &&
	grep -q '^\[good\] # kmsg: wslx_ring: 64-byte ring' <<<"$OUT" && ! grep -q '^\[good\] not ok' <<<"$OUT"; then
	pass "parameters read back from sysfs, and 20 load/unload cycles"
else
	fail "parameters read back from sysfs, and 20 load/unload cycles" "$(grep '^\[good\]' <<<"$OUT")"
fi
if grep -q '^\[unknown\] not ok [0-9]* params # parameter nosuch is not in' <<<"$OUT"; then
	pass "an unknown parameter (which the kernel only warns about) fails the smoke test"
else
	fail "an unknown parameter fails the smoke test" "$(grep '^\[unknown\]' <<<"$OUT")"
fi
if grep -q '^\[held\] not ok [0-9]* refcount # /sys/module/wslx_ring/refcnt is 1' <<<"$OUT" &&
	grep -q '^\[held\] not ok [0-9]* remove' <<<"$OUT"; then
	pass "a module still held open fails the refcount check and cannot be removed"
else
	fail "a module still held open fails the refcount check" "$(grep '^\[held\]' <<<"$OUT")"
fi
