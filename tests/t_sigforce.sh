#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Module signing end to end: make keys, a source lane built with
# CONFIG_MODULE_SIG_FORCE and the test certificate trusted, make sign with
# that kernel's sign-file, modcheck info naming the signer, and the kernel
# in QEMU refusing the unsigned module and loading the signed one.
source "$(dirname "$0")/lib.sh"

lane=upstream-6.6-sigforce
tree=$(debian_source_tree 6.12) || { fail "Debian's linux-source-6.12 is available"; exit 0; }

run_capture make -s -C "$WSLX_ROOT" keys
keys=$OUT
first=$(sha256sum "$keys/signing_key.x509" 2>/dev/null)
run_capture make -s -C "$WSLX_ROOT" keys
if [[ -f $keys/signing_key.pem && -f $keys/signing_cert.pem && -n $first &&
	$(sha256sum "$keys/signing_key.x509") == "$first" ]]; then
	pass "make keys makes the test key once and keeps it"
else
	fail "make keys makes the test key once and keeps it" "$OUT" "$ERR"
fi

run_capture "$WSLX_ROOT/ci/build_source_lane.sh" "$lane" --source "$tree" --no-smoke
if [[ $RC -ne 0 ]]; then
	fail "$lane builds" "$(tail -n 5 <<<"$ERR")"
	exit 0
fi
use_lane "$lane"
if grep -q '^CONFIG_MODULE_SIG_FORCE=y' "$KDIR/.config" &&
	grep -qF "CONFIG_SYSTEM_TRUSTED_KEYS=\"$keys/signing_cert.pem\"" "$KDIR/.config"; then
	pass "$lane forces module signatures and trusts the test certificate"
else
	fail "$lane forces signatures and trusts the test certificate" "$(grep -E 'SIG_FORCE|TRUSTED_KEYS' "$KDIR/.config")"
fi

KO=$("$WSLX_ROOT/tools/wslx-cli" build --lane "$lane" 2>/dev/null)
cp "$KO" "$TMP/unsigned.ko"
run_capture make -s -C "$WSLX_ROOT" sign LANE="$lane"
cp "$KO" "$TMP/signed.ko"
info=$("$(modcheck_bin)" info "$TMP/signed.ko")
if [[ $RC -eq 0 ]] && grep -q '^signer  *wslx test signing key (throwaway)$' <<<"$info" &&
	grep -q '^sig_hash  *sha256$' <<<"$info"; then
	pass "make sign signs with the kernel's sign-file; modcheck info names the signer"
else
	fail "make sign signs the module; modcheck info names the signer" "exit $RC" "$ERR" "$info"
fi
run_capture make -s -C "$WSLX_ROOT" sign LANE="$lane"
if [[ $RC -eq 0 ]] && cmp -s "$KO" "$TMP/signed.ko"; then
	pass "signing again replaces the signature instead of adding a second one"
else
	fail "signing again replaces the signature" "exit $RC" "$(tail -n 3 <<<"$ERR")"
fi
run_capture "$(modcheck_bin)" verify --kdir "$KDIR" "$TMP/unsigned.ko"
if [[ $RC -eq 1 ]] && grep -q 'signature: module is unsigned and the kernel has CONFIG_MODULE_SIG_FORCE' <<<"$ERR"; then
	pass "verify predicts the unsigned module's refusal"
else
	fail "verify predicts the unsigned module's refusal" "exit $RC" "$ERR"
fi

guest "$(printf '%s\n' 'insmod /unsigned.ko 2>&1; echo "unsigned-insmod rc=$?"' \
	'grep -q "^wslx_ring " /proc/modules && echo "unsigned: loaded"' \
	'modcheck smoke --ktap /signed.ko')" \
	--file "$TMP/unsigned.ko:unsigned.ko" --file "$TMP/signed.ko:signed.ko"
if grep -q '^unsigned-insmod rc=1' <<<"$OUT" && grep -q 'Key was rejected by service' <<<"$OUT" &&
	! grep -q '^unsigned: loaded' <<<"$OUT"; then
	pass "in QEMU the $lane kernel refuses the unsigned module (Key was rejected by service)"
else
	fail "in QEMU the kernel refuses the unsigned module" "$OUT" "$ERR"
fi
if [[ $RC -eq 0 ]] && grep -q '^ok [0-9]* insert' <<<"$OUT" && grep -q '^ok [0-9]* remove' <<<"$OUT" &&
	! grep -q '^not ok' <<<"$OUT"; then
	pass "in QEMU the same kernel loads and unloads the signed module"
else
	fail "in QEMU the kernel loads the signed module" "exit $RC" "$OUT"
fi

# A new test key is a new kernel: its certificate changes only a comment in
# the lane's key fragment, not .config, and the lane must still rebuild,
# or the kernel would trust the old key and refuse every newly signed module.
run_capture "$WSLX_ROOT/tools/wslx-cli" keys --new
newkeys=$OUT
run_capture "$WSLX_ROOT/ci/build_source_lane.sh" "$lane" --no-smoke
use_lane "$lane"
if [[ $RC -eq 0 ]] && ! grep -q 'kernel already built' <<<"$ERR" &&
	cmp -s "$KDIR/certs/signing_key.x509" "$newkeys/signing_key.x509"; then
	pass "a new test key rebuilds the signing lane's kernel with the new certificate"
else
	fail "a new test key rebuilds the signing lane's kernel" "exit $RC" "$(grep -m 3 'already built\|building\|error' <<<"$ERR")"
fi
KO=$("$WSLX_ROOT/tools/wslx-cli" build --lane "$lane" 2>/dev/null)
run_capture make -s -C "$WSLX_ROOT" sign LANE="$lane"
cp "$KO" "$TMP/signed-new.ko"
guest 'modcheck smoke --ktap /signed.ko' --file "$TMP/signed-new.ko:signed.ko"
if [[ $RC -eq 0 ]] && grep -q '^ok [0-9]* insert' <<<"$OUT"; then
	pass "in QEMU the rebuilt kernel loads the module signed with the new key"
else
	fail "in QEMU the rebuilt kernel loads the module signed with the new key" "exit $RC" "$OUT"
fi
