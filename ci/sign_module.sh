#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# sign_module.sh KDIR KO [KEY CERT]: sign KO in place with the target
# kernel's own scripts/sign-file, with the hash algorithm its .config names
# (sha256 when it names none). KEY and CERT default to the throwaway test
# key (make keys). modcheck info KO shows the signer afterwards.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

[[ $# -eq 2 || $# -eq 4 ]] || die "usage: sign_module.sh KDIR KO [KEY CERT]"
kdir=$1 ko=$2
kdir_release "$kdir" >/dev/null
[[ -f $ko ]] || die "$ko: no such module"
if [[ $# -eq 4 ]]; then
	key=$3 cert=$4
else
	keys=$("$WSLX_ROOT/ci/make_keys.sh")
	key=$keys/signing_key.pem cert=$keys/signing_key.x509
fi
[[ -r $key ]] || die "KEY=$key: cannot read"
[[ -r $cert ]] || die "CERT=$cert: cannot read"
sign_file=$kdir/scripts/sign-file
[[ -x $sign_file ]] || die "KDIR=$kdir: no scripts/sign-file (a kernel built with module signing has one)"
hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"$/\1/p' "$kdir/.config")
# Signing twice would append a second signature the kernel never reads:
# an already signed module is stripped back to the bare module first. The
# trailer is the signature, a 12-byte struct module_signature ending in
# the signature's length (big endian), and the 28-byte magic string.
if tail -c 28 "$ko" | cmp -s - <(printf '~Module signature appended~\n'); then
	size=$(stat -c %s "$ko")
	siglen=$(tail -c 32 "$ko" | head -c 4 | od -An -tu1 | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
	truncate -s "$((size - 28 - 12 - siglen))" "$ko"
	info "$ko was signed already: signing it afresh"
fi
"$sign_file" "${hash:-sha256}" "$key" "$cert" "$ko" ||
	die "$sign_file could not sign $ko with $key"
step "signed $ko (${hash:-sha256}, $(openssl x509 -in "$cert" -inform "$([[ $cert == *.pem ]] && echo PEM || echo DER)" -noout -subject 2>/dev/null | sed 's/^subject=//'))"
