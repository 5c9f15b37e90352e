# SPDX-License-Identifier: GPL-2.0-only
"""make fuzz: libFuzzer over modcheck's module parsers (tests/fuzz/modcheck_fuzz.c).

Seeds are small, real and varied: the module built for each kernel, and up
to 25 small modules of each prepared lane's kernel; each named after its
content, so reruns do not pile up copies. Inputs that once crashed modcheck
(tests/fuzz/regressions/) are replayed first and must pass. Crashes of an
earlier run are not this run's: the crash folder starts empty.
"""
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from wslx import lanes, paths, prepare, proc, ui
from wslx.errors import WslxError


def _seed(corpus: Path, path: Path) -> None:
    data = path.read_bytes()
    (corpus / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def run(seconds: str, lane_name: str = "debian-6.1") -> None:
    if not re.fullmatch(r"[1-9][0-9]*", seconds):
        raise WslxError(f"FUZZ_SECONDS={seconds}: not a positive number of seconds")
    if not shutil.which("clang"):
        raise WslxError("clang not found: install the Debian package clang (or run: make deps)")
    out = Path(os.environ.get("FUZZ_OUT") or paths.build_dir() / "fuzz")
    corpus, crashes, bins = out / "corpus", out / "crashes", out / "bin"
    shutil.rmtree(crashes, ignore_errors=True)
    for d in (corpus, crashes, bins):
        d.mkdir(parents=True, exist_ok=True)
    fuzzer = bins / "modcheck_fuzz"
    if proc.run(["make", "-s", "-C", paths.ROOT / "tools" / "modcheck", f"O={bins}", fuzzer],
                log=out / "build.log").returncode != 0:
        raise WslxError("building the fuzzer failed (needs clang and libclang-rt-14-dev: "
                        f"make deps; log: {out / 'build.log'})")
    k = prepare.prepare(lanes.load(lane_name))
    for ko in paths.build_dir().glob("*/*.ko"):
        stripped = out / "stripped.ko"
        if proc.run(["objcopy", "--strip-debug", ko, stripped]).returncode == 0:
            _seed(corpus, stripped)
    moddirs = [k.modules] if k.modules else []
    for info in paths.build_dir().glob("lanes/*/kernel.json"):
        try:
            moddirs.append(Path(json.loads(info.read_text())["modules"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    for moddir in moddirs:
        small = sorted(p for p in (moddir / "kernel").rglob("*.ko*")
                       if p.stat().st_size < 48 * 1024) if (moddir / "kernel").is_dir() else []
        for f in small[:25]:
            _seed(corpus, f)
    env = dict(os.environ, WSLX_FUZZ_KDIR=str(k.kdir))
    regressions = sorted((paths.ROOT / "tests" / "fuzz" / "regressions").glob("*.ko"))
    if regressions:
        ui.step(f"replaying {len(regressions)} inputs that once crashed modcheck")
        log = out / "regressions.log"
        log.unlink(missing_ok=True)
        if proc.run([fuzzer, *regressions], log=log, env=env).returncode != 0:
            raise WslxError(f"a former crash is back (log: {log})")
        for f in regressions:
            _seed(corpus, f)
    ui.step(f"fuzzing modcheck for {seconds}s ({sum(1 for _ in corpus.iterdir())} seeds)")
    log = out / "fuzz.log"
    log.unlink(missing_ok=True)
    env["ASAN_OPTIONS"] = "detect_leaks=1"
    done = proc.run([fuzzer, f"-max_total_time={seconds}", "-max_len=131072", "-timeout=10",
                     "-rss_limit_mb=2048", f"-artifact_prefix={crashes}/", "-print_final_stats=1",
                     corpus], log=log, env=env, progress="fuzzing")
    ui.quote([ln for ln in log.read_text(errors="replace").splitlines()[-12:]
              if re.match(r"^(stat::|Done|#[0-9]+)", ln)])
    found = sum(1 for _ in crashes.iterdir())
    if done.returncode != 0 or found:
        raise WslxError(f"the fuzzer found {found} crashing inputs in {crashes} "
                        f"(exit {done.returncode}; log: {log})")
    ui.info(f"no crash in {seconds}s (log: {log})")
