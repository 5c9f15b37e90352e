# SPDX-License-Identifier: GPL-2.0-only
"""Module signing for tests: a throwaway key, and signing with a kernel's own sign-file.

The key (make keys) lives in $WSLX_CACHE/keys/wslx-test/, made once and
kept, with the same extensions as the kernel's own generated key:
signing_key.pem (key and certificate, what CONFIG_MODULE_SIG_KEY and
sign-file take), signing_cert.pem (CONFIG_SYSTEM_TRUSTED_KEYS) and
signing_key.x509 (DER). Never use it for anything but tests: it is
unprotected.
"""
import os
import re
from pathlib import Path

from wslx import cache, paths, proc, ui
from wslx.errors import WslxError

GENKEY = """[ req ]
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
"""
MAGIC = b"~Module signature appended~\n"


def keys(new: bool = False) -> Path:
    """The test key's folder, made on first use (or afresh with new)."""
    entry = cache.Entry(paths.cache_dir() / "keys", "wslx-test", "the test signing key")
    if new and entry.path.exists():
        import shutil
        shutil.rmtree(entry.path)

    def make(tmp: Path) -> dict[str, str]:
        (tmp / "x509.genkey").write_text(GENKEY)
        proc.capture(["openssl", "req", "-new", "-nodes", "-utf8", "-sha256", "-days", "36500",
                      "-batch", "-x509", "-config", tmp / "x509.genkey", "-outform", "PEM",
                      "-out", tmp / "signing_cert.pem", "-keyout", tmp / "key.pem"],
                     what="openssl (making the test key)")
        (tmp / "signing_key.pem").write_bytes((tmp / "key.pem").read_bytes() +
                                              (tmp / "signing_cert.pem").read_bytes())
        proc.capture(["openssl", "x509", "-in", tmp / "signing_cert.pem", "-outform", "DER",
                      "-out", tmp / "signing_key.x509"], what="openssl x509")
        (tmp / "key.pem").unlink()
        os.chmod(tmp / "signing_key.pem", 0o600)
        ui.step(f"made a throwaway signing key: {entry.path}")
        return {}
    return entry.ensure(make)


def sign(kdir: Path, ko: Path, key: Path | None = None, cert: Path | None = None) -> None:
    """Sign ko in place with kdir's scripts/sign-file and the hash its .config names.

    A module signed already is signed afresh: its old signature is cut off
    first, so it never carries two.
    """
    if key is None or cert is None:
        folder = keys()
        key, cert = folder / "signing_key.pem", folder / "signing_key.x509"
    for what, path in (("KEY", key), ("CERT", cert)):
        if not os.access(path, os.R_OK):
            raise WslxError(f"{what}={path}: cannot read")
    sign_file = kdir / "scripts" / "sign-file"
    if not os.access(sign_file, os.X_OK):
        raise WslxError(f"KDIR={kdir}: no scripts/sign-file (a kernel built with module signing "
                        "has one)")
    m = re.search(r'^CONFIG_MODULE_SIG_HASH="(.*)"$', (kdir / ".config").read_text(), re.M)
    algo = m.group(1) if m else "sha256"
    data = ko.read_bytes()
    if data.endswith(MAGIC) and len(data) >= 40:
        siglen = int.from_bytes(data[-32:-28], "big")
        ko.write_bytes(data[:len(data) - 28 - 12 - siglen])
        ui.info(f"{ko} was signed already: signing it afresh")
    done = proc.run([sign_file, algo, key, cert, ko])
    if done.returncode != 0:
        raise WslxError(f"{sign_file} could not sign {ko} with {key}")
    form = "PEM" if cert.suffix == ".pem" else "DER"
    subject = proc.capture(["openssl", "x509", "-in", cert, "-inform", form, "-noout",
                            "-subject"], check=False).strip().removeprefix("subject=")
    ui.step(f"signed {ko} ({algo}, {subject})")
