#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make_keys.sh [--new]: a throwaway module-signing key and certificate for
# tests (make keys), in $WSLX_CACHE/keys/wslx-test/, made once and kept
# (the signing source lane builds the certificate into its kernel):
#   signing_key.pem   the private key and the certificate, PEM (what
#                     CONFIG_MODULE_SIG_KEY and sign-file take)
#   signing_cert.pem  the certificate alone, PEM (CONFIG_SYSTEM_TRUSTED_KEYS)
#   signing_key.x509  the certificate, DER
# The same extensions as the kernel's own generated key. Prints the folder.
# Never use this key for anything but tests: it is unprotected.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

dir=$WSLX_CACHE/keys/wslx-test
[[ ${1:-} == --new ]] && rm -rf "$dir"
[[ $# -le 1 && ${1:---new} == --new ]] || die "usage: make_keys.sh [--new]"
if [[ ! -f $dir/signing_key.pem || ! -f $dir/signing_cert.pem || ! -f $dir/signing_key.x509 ]]; then
	need_cmd openssl openssl
	tmp=$dir.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	cat >"$tmp/x509.genkey" <<CONF
[ req ]
default_bits = 2048
distinguished_name = req_distinguished_name
prompt = no
string_mask = utf8only
x509_extensions = myexts

[ req_distinguished_name ]
O = wslx
CN = wslx test signing key (throwaway)

[ myexts ]
basicConstraints=critical,CA:FALSE
keyUsage=digitalSignature
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
CONF
	openssl req -new -nodes -utf8 -sha256 -days 36500 -batch -x509 -config "$tmp/x509.genkey" \
		-outform PEM -out "$tmp/signing_cert.pem" -keyout "$tmp/key.pem" 2>"$tmp/openssl.log" ||
		{ cat "$tmp/openssl.log" >&2; rm -rf "$tmp"; die "openssl could not make the test key"; }
	cat "$tmp/key.pem" "$tmp/signing_cert.pem" >"$tmp/signing_key.pem"
	openssl x509 -in "$tmp/signing_cert.pem" -outform DER -out "$tmp/signing_key.x509"
	rm -f "$tmp/key.pem" "$tmp/openssl.log"
	chmod 600 "$tmp/signing_key.pem"
	rm -rf "$dir"
	mv "$tmp" "$dir"
	step "made a throwaway signing key: $dir"
fi
printf '%s\n' "$dir"
