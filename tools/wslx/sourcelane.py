# SPDX-License-Identifier: GPL-2.0-only
"""Lane kind "source": a kernel built here from source (lanes L1 and L2).

The source is the lane's pinned one (git tag or tarball + sha256) unless a
request names a local tree or tarball (--source); the lane remembers the
request of its last good build (source.json in its results folder), so
later runs reuse that kernel.

Configuration: --full builds the lane's full configuration (full_config=);
otherwise the small one: the tiny base plus ci/config/small.config plus the
options that decide vermagic copied from the full configuration, so both
give modules the same vermagic. Both get the arch's QEMU fragment
(ci/config/qemu-smoke*.config, named in the arch table), which must not
change the vermagic either; a kernel of another arch than x86_64 gets its
arch's LOCALVERSION in both. Fragments (the lane's, then --fragment)
come last.

A built kernel lives in an output folder per source location and
configuration ($WSLX_CACHE/kbuild/<lane>/<key>); its .wslx-built marker
names the source content it was built from, so an edited tree is rebuilt
(incrementally, by make) and an unchanged one is reused as it is.
"""
import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from wslx import fileio, kbuild, kconfig, locks, paths, signing, sources, ui
from wslx.errors import LaneSkipped, WslxError
from wslx.kernel import Kernel
from wslx.lanes import Lane

CONFIG = paths.ROOT / "ci" / "config"


@dataclass
class Request:
    """What a source lane is asked to build (the options of build_source_lane)."""
    source: str = ""              # a local tree or tarball; "" for the lane's pin
    sha256: str = ""
    full: bool = False
    fragments: list[str] = field(default_factory=list)
    intree: bool = False


def remembered(lane: Lane) -> Optional[Request]:
    try:
        data = json.loads((paths.lane_dir(lane.name) / "source.json").read_text())
        return Request(str(data["source"]), str(data["sha256"]), bool(data["full"]),
                       [str(f) for f in data["fragments"]], bool(data.get("intree", False)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _lane_fragments(lane: Lane, req: Request, keys: Optional[Path]) -> list[Path]:
    frags = []
    for rel in lane.get("fragments").split():
        if not (paths.ROOT / rel).is_file():
            raise WslxError(f"{lane.path}: fragments: no such file {rel}")
        frags.append(paths.ROOT / rel)
    if keys:
        frags.append(keys)
    for f in req.fragments:
        if not os.access(f, os.R_OK) or not Path(f).is_file():
            raise WslxError(f"--fragment {f}: cannot read")
        frags.append(Path(f))
    return frags


def trusted_keys(lane: Lane) -> Optional[Path]:
    """For trusted_keys=wslx-test, a fragment building the test key into the kernel.

    The certificate's digest is in the fragment, so a new key makes a new kernel.
    """
    which = lane.get("trusted_keys")
    if not which:
        return None
    if which != "wslx-test":
        raise WslxError(f"{lane.path}: trusted_keys={which}: only wslx-test is known")
    keys = signing.keys()
    digest = fileio.sha256_file(keys / "signing_key.x509")
    frag = paths.cache_dir() / "kbuild" / lane.name / "keys.config"
    fileio.write_atomic(frag, f"# the wslx test key, certificate sha256 {digest}\n"
                        f'CONFIG_SYSTEM_TRUSTED_KEYS="{keys / "signing_cert.pem"}"\n'
                        f'CONFIG_MODULE_SIG_KEY="{keys / "signing_key.pem"}"\n')
    return frag


def _request_key(lane: Lane, src: sources.Source, req: Request, frags: list[Path]) -> str:
    """Everything that decides the kernel's configuration: a repeated request skips
    configuring. The tree's location, not its content: an edited tree is rebuilt by
    make in the same output folder (see _built)."""
    h = hashlib.sha256(f"{src.tree}\n{req.full}\n".encode())
    for p in [lane.path, *sorted(CONFIG.glob("*.config")), paths.ROOT / "Kconfig",
              Path(__file__), Path(kconfig.__file__), *frags]:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _configure(lane: Lane, src: sources.Source, req: Request, frags: list[Path],
               tmp: Path, lane_config: kconfig.LaneConfig) -> tuple[Path, str]:
    """Configure into tmp; the final config folder and its vermagic."""
    spec = lane.get("full_config")
    arch = lane.arch
    qemu = CONFIG / arch.qemu_config
    if arch.localversion:
        # In both configurations: the release (and so the vermagic) carries the arch.
        (tmp / "arch.config").parent.mkdir(parents=True, exist_ok=True)
        (tmp / "arch.config").write_text(f'CONFIG_LOCALVERSION="{arch.localversion}"\n')
        frags = [tmp / "arch.config", *frags]

    def twice(base: str, fragments: list[Path]) -> tuple[Path, str]:
        # Configure without and with the QEMU fragment: it must leave the vermagic alone.
        kconfig.configure(src.tree, tmp / "bare", arch, base, fragments, lane_config)
        kconfig.check_fragments(tmp / "bare" / ".config", fragments)
        bare = kconfig.vermagic(src.tree, tmp / "bare", arch)
        kconfig.configure(src.tree, tmp / "final", arch, base, [*fragments, qemu], lane_config)
        kconfig.check_fragments(tmp / "final" / ".config", [*fragments, qemu])
        magic = kconfig.vermagic(src.tree, tmp / "final", arch)
        if magic != bare:
            raise WslxError(f"{qemu}: changes the vermagic ('{bare}' becomes '{magic}')")
        return tmp / "final", magic

    if req.full:
        ui.step(f"{lane.name}: configuring ({spec}, full configuration)")
        final, magic = twice(spec, frags)
        _report_changes(spec, src, tmp / "bare", tmp, lane_config)
        return final, magic
    ui.step(f"{lane.name}: configuring (small: tiny + ci/config/small.config + the vermagic "
            f"options of {spec})")
    kconfig.configure(src.tree, tmp / "full", arch, spec,
                      [tmp / "arch.config"] if arch.localversion else [], lane_config)
    _report_changes(spec, src, tmp / "full", tmp, lane_config)
    full = kconfig.vermagic(src.tree, tmp / "full", arch)
    (tmp / "abi.config").write_text(kconfig.abi_fragment(tmp / "full" / ".config"))
    final, magic = twice("tiny", [CONFIG / "small.config", tmp / "abi.config", *frags])
    if magic != full:
        raise WslxError(f"the small configuration's vermagic '{magic}' differs from the full "
                        f"one's '{full}'")
    return final, magic


def _report_changes(spec: str, src: sources.Source, configured: Path, tmp: Path,
                    lane_config: kconfig.LaneConfig) -> None:
    """For a config file written for another kernel, what olddefconfig changed in it."""
    if not spec.startswith("file:"):
        return
    base = kconfig.base_file(spec, src.tree, lane_config)
    lines = [f"# olddefconfig on {src.desc} with {base}",
             *kconfig.diff(base, configured / ".config")]
    (tmp / "config-changes.txt").write_text("\n".join(lines) + "\n")


def boot_image(lane: Lane) -> str:
    """What QEMU boots, under the build folder: the arch's image, or with boot_image=bzImage
    its packed one; an arch without one is an error before anything is built."""
    if lane.get("boot_image") != "bzImage":
        return lane.arch.kernel_image
    if not lane.arch.packed_image:
        raise WslxError(f"{lane.path}: boot_image=bzImage: arch {lane.arch.name} boots its "
                        f"{lane.arch.kernel_image} (no packed image in the arch table)")
    return lane.arch.packed_image


def prepare(lane: Lane, req: Optional[Request] = None,
            lane_config: kconfig.LaneConfig = None) -> Kernel:
    """The lane's kernel, built unless an identical one is; req None: the remembered request;
    lane_config prepares another lane whose configuration the lane's names (lane:NAME)."""
    boot_image(lane)
    req = req or remembered(lane) or Request()
    src = sources.resolve(lane, Path(req.source) if req.source else None, req.sha256,
                          req.intree)
    ui.step(f"{lane.name}: source {src.desc}")
    work = paths.cache_dir() / "kbuild" / lane.name
    with locks.held(work / ".lock", f"the kernel build of {lane.name}"):
        if not src.user_tree:
            sources.add_module(src.tree)
        frags = _lane_fragments(lane, req, trusted_keys(lane))
        key = _request_key(lane, src, req, frags)
        request = work / "requests" / f"{key}.json"
        out = _configured(request)
        if out is None:
            out = _configure_into_place(lane, src, req, frags, work, lane_config)
            fileio.write_atomic(request, json.dumps({"out": str(out)}))
        # What the kernel is built from: the tree's content and every fragment's
        # (a new test key changes only the digest in its fragment, not .config).
        ident = f"{src.ident} {_digest(frags)}"
        marker = out / ".wslx-built"
        if marker.exists() and marker.read_text().strip() == ident:
            ui.info(f"kernel already built in {out}")
        else:
            # New, or what it is built from changed: make rebuilds what changed.
            marker.unlink(missing_ok=True)
            kbuild.kernel(lane.name, src.tree, out, lane.arch)
            marker.write_text(ident + "\n")
    return _use(lane, src, req, out)


def _digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _configured(request: Path) -> Optional[Path]:
    """The output folder an identical request configured, when it is still there."""
    try:
        out = Path(json.loads(request.read_text())["out"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return out if (out / ".config").is_file() and (out / ".wslx-vermagic").is_file() else None


def _configure_into_place(lane: Lane, src: sources.Source, req: Request, frags: list[Path],
                          work: Path, lane_config: kconfig.LaneConfig) -> Path:
    """Configure; the output folder for this tree and configuration, not yet built."""
    tmp = work / f"config.tmp.{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        cfg, magic = _configure(lane, src, req, frags, tmp, lane_config)
        config = (cfg / ".config").read_bytes()
        where = hashlib.sha256(str(src.tree).encode() + b"\n" + config).hexdigest()[:16]
        out = work / where
        if out.exists():
            if (out / ".config").read_bytes() != config:
                (out / ".wslx-built").unlink(missing_ok=True)
                (out / ".config").write_bytes(config)
        else:
            cfg.rename(out)
        (out / ".wslx-vermagic").write_text(magic + "\n")
        changes = tmp / "config-changes.txt"
        if changes.exists():
            shutil.copy(changes, out / ".wslx-config-changes.txt")
        else:
            (out / ".wslx-config-changes.txt").unlink(missing_ok=True)
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def source_note(lane: Lane, desc: str, release: str, given: bool, dropped: str) -> str:
    """Where the kernel came from, said whole: the record carries it into every status
    line and the report's headline. A tree given with --source is a stand-in: for the
    lane's line when it is on another, for the pin when it is on the line."""
    note = f"source: {desc}"
    pin = lane.get("source_tag") or lane.get("source_url")
    on_line = release.startswith(lane.line + ".") or release.startswith(lane.line + "-")
    if given and not on_line:
        note += f" (a stand-in: the lane pins the {lane.line} line)"
    elif given and pin:
        note += f" (a stand-in for the pinned {pin})"
    elif not on_line:
        raise LaneSkipped(f"LANE={lane.name}: its source is {release}, not the {lane.line} line")
    return note + dropped


def _use(lane: Lane, src: sources.Source, req: Request, out: Path) -> Kernel:
    """The kernel a built output folder holds; the lane remembers its request only now,
    so a failed attempt leaves the last good one."""
    ui.info(f"vermagic: {(out / '.wslx-vermagic').read_text().strip()}")
    changes = paths.lane_dir(lane.name) / "config-changes.txt"
    changes.unlink(missing_ok=True)
    dropped = ""
    if (out / ".wslx-config-changes.txt").exists():
        shutil.copy(out / ".wslx-config-changes.txt", changes)
        lines = changes.read_text().splitlines()
        count = {k: sum(1 for ln in lines if ln.startswith(k))
                 for k in ("dropped", "added", "changed")}
        ui.info(f"olddefconfig changed {sum(count.values())} options of the lane's config file "
                f"({count['dropped']} dropped, {count['added']} added, {count['changed']} "
                f"changed); list: {changes}")
        if any(ln.startswith("dropped DXGKRNL") for ln in lines):
            ui.info("  among them: DXGKRNL dropped (WSL's GPU driver is not in this tree)")
        if count["dropped"]:
            dxg = any(ln.startswith("dropped DXGKRNL") for ln in lines)
            dropped = f"; olddefconfig dropped {count['dropped']} options of the lane's " \
                f"config{', DXGKRNL among them' if dxg else ''}"
    release = (out / "include" / "config" / "kernel.release").read_text().strip()
    note = source_note(lane, src.desc, release, bool(req.source), dropped)
    image = out / boot_image(lane)
    fileio.write_atomic(paths.lane_dir(lane.name) / "source.json",
                        json.dumps(asdict(req), indent=1) + "\n")
    return Kernel(release, out, image, out / "modroot" / "lib" / "modules" / release, None, note)


def attempt(lane: Lane, verdict: str, started: float, note: str) -> None:
    """The lane's last attempt at building its kernel, for status and report."""
    fileio.write_atomic(paths.lane_dir(lane.name) / "attempt.json", json.dumps({
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "verdict": verdict,
        "seconds": round(time.time() - started, 1), "note": note}) + "\n")
