#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# modcheck verify predicts each load failure before any load, naming the
# symbol, CRC or namespace at fault; then every module is offered to the
# real 6.1 kernel in one QEMU boot, which must refuse each wrong one (and
# accept the good one, the control), so the predictions are checked
# against the kernel itself.
source "$(dirname "$0")/lib.sh"

mc=$(modcheck_asan)
export ASAN_OPTIONS=exitcode=99 UBSAN_OPTIONS=halt_on_error=1
lane_ko debian-6.1
mkdir -p "$TMP/mods"
cp "$KO" "$TMP/mods/control.ko"

# An undefined symbol modpost would refuse: built with its check off.
cp "$(fixture_ko unresolved KBUILD_MODPOST_WARN=1)" "$TMP/mods/unresolved.ko"

# A namespaced symbol without its import: modpost always refuses that, so
# rename the imported namespace in the built module (same length).
cp "$(fixture_ko ns_no_import)" "$TMP/mods/ns_no_import.ko"
perl -pi -e 's/import_ns=CRYPTO_INTERNAL\0/import_ns=WSLX_NOT_MINE_X\0/' "$TMP/mods/ns_no_import.ko"

# A GPL-only symbol in a non-GPL module: rewrite the built module's licence
# (same length, so nothing else in the file moves).
cp "$(fixture_ko gpl_only_user)" "$TMP/mods/gpl_only_user.ko"
perl -pi -e 's/license=GPL\0/license=MIT\0/' "$TMP/mods/gpl_only_user.ko"

# A __versions CRC altered in the good module: flip the CRC of _printk.
cp "$KO" "$TMP/mods/bad_crc.ko"
objcopy --dump-section "__versions=$TMP/versions.bin" "$TMP/mods/bad_crc.ko"
entries=$(($(stat -c %s "$TMP/versions.bin") / 64))
for i in $(seq 0 $((entries - 1))); do
	name=$(dd if="$TMP/versions.bin" bs=1 skip=$((i * 64 + 8)) count=56 status=none | tr -d '\0')
	if [[ $name == _printk ]]; then
		printf '\xde\xad\xbe\xef' | dd of="$TMP/versions.bin" bs=1 seek=$((i * 64)) conv=notrunc status=none
		break
	fi
done
objcopy --update-section "__versions=$TMP/versions.bin" "$TMP/mods/bad_crc.ko"

# file|what verify must name (its first failed check)|what the kernel must
# log, after the module's name, when it refuses the module.
cases=(
	"unresolved|symbols: unresolved symbol wslx_symbol_no_kernel_exports|unresolved: Unknown symbol wslx_symbol_no_kernel_exports"
	"ns_no_import|namespaces: symbol crypto_cipher_setkey is in namespace CRYPTO_INTERNAL, which the module does not import|ns_no_import: module uses symbol (crypto_cipher_setkey) from namespace CRYPTO_INTERNAL, but does not import it"
	"gpl_only_user|licence: licence \"MIT\" is not GPL-compatible, but the module uses GPL-only symbol ktime_get|gpl_only_user: Unknown symbol ktime_get"
	"bad_crc|modversions: symbol _printk: module was built against CRC 0xefbeadde, vmlinux exports|wslx_ring: disagrees about version of symbol _printk"
)

run_capture "$mc" verify --kdir "$KDIR" "$TMP/mods/control.ko"
if [[ $RC -eq 0 ]]; then
	pass "verify accepts the good module (the control)"
else
	fail "verify accepts the good module (the control)" "$OUT" "$ERR"
fi
for c in "${cases[@]}"; do
	IFS='|' read -r name predicted _ <<<"$c"
	run_capture "$mc" verify --kdir "$KDIR" "$TMP/mods/$name.ko"
	if [[ $RC -eq 1 ]] && grep -qF "will not load into $KREL: $predicted" <<<"$ERR"; then
		pass "verify predicts $name: $predicted"
	else
		fail "verify predicts $name" "exit $RC" "$ERR"
	fi
done

# One boot: every module through modcheck smoke, each result tagged.
plan=
files=()
for m in control unresolved ns_no_import gpl_only_user bad_crc; do
	plan+="modcheck smoke --ktap /$m.ko 2>&1 | sed 's/^/[$m] /'"$'\n'
	files+=(--file "$TMP/mods/$m.ko:$m.ko")
done
guest "$plan" --timeout 120 "${files[@]}"
if grep -q '^\[control\] ok [0-9]* insert' <<<"$OUT" && grep -q '^\[control\] ok [0-9]* gone' <<<"$OUT"; then
	pass "the 6.1 kernel loads and unloads the good module (the control)"
else
	fail "the 6.1 kernel loads and unloads the good module (the control)" "$OUT"
fi
for c in "${cases[@]}"; do
	IFS='|' read -r name _ logged <<<"$c"
	if grep -q "^\[$name\] not ok [0-9]* insert" <<<"$OUT" && grep -qF "[$name] # kmsg: $logged" <<<"$OUT"; then
		pass "the 6.1 kernel in QEMU refuses $name too: \"$logged\""
	else
		fail "the 6.1 kernel in QEMU refuses $name too" "$(grep "^\[$name\]" <<<"$OUT")"
	fi
done
