#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Dependencies: a module needing crc_itu_t() (hard) and crc7 (soft).
# verify resolves them through libkmod against the 6.1 image's modules.dep
# and prints the load order, and names a dependency the target lacks; in
# QEMU, smoke loads the dependencies first, and without them the real
# kernel refuses the module, as predicted.
source "$(dirname "$0")/lib.sh"

mc=$(modcheck_asan)
export ASAN_OPTIONS=exitcode=99 UBSAN_OPTIONS=halt_on_error=1
use_lane debian-6.1
ko=$(fixture_ko dep_user)

run_capture "$mc" verify --kdir "$KDIR" "$ko"
if [[ $RC -eq 0 ]] && grep -q '^ok   dependencies: load order: crc_itu_t crc7 dep_user$' <<<"$OUT"; then
	pass "verify resolves depends= and softdep= against the lane's modules.dep: crc_itu_t crc7 dep_user"
else
	fail "verify resolves the dependencies and prints the load order" "exit $RC" "$OUT" "$ERR"
fi

# The same kernel's modules without crc-itu-t: re-indexed with depmod.
mkdir -p "$TMP/root/lib/modules"
cp -as "$MODULES_DIR" "$TMP/root/lib/modules/$KREL"
rm -f "$TMP/root/lib/modules/$KREL/kernel/lib/crc-itu-t.ko" "$TMP/root/lib/modules/$KREL"/modules.*
cp "$MODULES_DIR/modules.order" "$MODULES_DIR/modules.builtin" "$MODULES_DIR/modules.builtin.modinfo" \
	"$TMP/root/lib/modules/$KREL/"
depmod -b "$TMP/root" "$KREL" 2>/dev/null
run_capture "$mc" verify --kdir "$KDIR" --moddir "$TMP/root/lib/modules/$KREL" "$ko"
if [[ $RC -eq 1 ]] && grep -q "will not load into $KREL: dependencies: depends on crc-itu-t, which the kernel has neither built in nor as a module" <<<"$ERR"; then
	pass "verify names the missing dependency crc-itu-t"
else
	fail "verify names the missing dependency crc-itu-t" "exit $RC" "$ERR"
fi

# In QEMU: the lane's module indexes and the two dependencies in
# /lib/modules/<krel>, where libkmod looks by default.
files=(--file "$ko:dep_user.ko")
for f in "$MODULES_DIR"/modules.*; do
	files+=(--file "$f:lib/modules/$KREL/$(basename "$f")")
done
for dep in kernel/lib/crc-itu-t.ko kernel/lib/crc7.ko; do
	files+=(--file "$MODULES_DIR/$dep:lib/modules/$KREL/$dep")
done
plan="modcheck smoke --ktap --no-deps /dep_user.ko | sed 's/^/[nodeps] /'
modcheck smoke --ktap /dep_user.ko | sed 's/^/[deps] /'
ls /sys/module | grep -x -e crc7 -e crc_itu_t | sed 's/^/[loaded] /'"
guest "$plan" --timeout 120 "${files[@]}"
if grep -q '^\[nodeps\] not ok [0-9]* insert' <<<"$OUT" && grep -q '^\[nodeps\] # kmsg: dep_user: Unknown symbol crc_itu_t' <<<"$OUT"; then
	pass "without its dependencies the 6.1 kernel refuses the module: Unknown symbol crc_itu_t"
else
	fail "without its dependencies the 6.1 kernel refuses the module" "$(grep '^\[nodeps\]' <<<"$OUT")"
fi
if grep -q '^\[deps\] ok [0-9]* dependencies # loaded first (depends=crc-itu-t)' <<<"$OUT" &&
	grep -q '^\[deps\] ok [0-9]* insert' <<<"$OUT" && ! grep -q '^\[deps\] not ok' <<<"$OUT" &&
	grep -q '^\[loaded\] crc7$' <<<"$OUT" && grep -q '^\[loaded\] crc_itu_t$' <<<"$OUT"; then
	pass "smoke loads crc_itu_t (hard) and crc7 (soft) first, then the module, in QEMU"
else
	fail "smoke loads the dependencies first, then the module" "$(grep -E '^\[(deps|loaded)\]' <<<"$OUT")"
fi
