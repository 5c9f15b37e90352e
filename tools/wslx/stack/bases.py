# SPDX-License-Identifier: GPL-2.0-only
"""Bases as data (patches/bases/<name>.base): the clean line and the
downstream one, each a pinned git tag, or a local tree or tarball given on
the command line, or, offline and in CI, a stand-in from Debian's kernel
source package: its upstream .orig tarball for the clean base, the same plus
Debian's own patch series (debian/patches/series) for the downstream one.
Fetched through a private deb-src apt configuration in the cache.
"""
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from wslx import cache, keyvalue, paths, proc, sources, ui
from wslx.apt import Apt
from wslx.arch import ARCHES
from wslx.errors import WslxError
from wslx.keyvalue import Key
from wslx.lanes import Lane
from wslx.stack.repo import Repo, safe

STAND_IN = re.compile(r"^(debian-orig|debian-patched) ([a-z0-9.+-]+)=([A-Za-z0-9.+~:-]+)$")


def _stand_in(value: str) -> Optional[str]:
    return None if STAND_IN.match(value) else \
        "not 'debian-orig PACKAGE=VERSION' or 'debian-patched PACKAGE=VERSION'"


SCHEMA = {k.name: k for k in (
    Key("role", True, keyvalue.one_of("clean", "downstream")),
    Key("lane", True, keyvalue.nonempty, "how the summary names it: upstream lane, WSL lane"),
    Key("line", True, keyvalue.nonempty),
    Key("git"), Key("tag"), Key("commit"),
    Key("config", True, keyvalue.nonempty, "the full configuration (vermagic options)"),
    Key("stand_in", False, _stand_in),
    Key("stand_in_config"), Key("stand_in_apt_sources"),
)}


@dataclass
class Base:
    name: str
    path: Path
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class Resolved:
    base: Base
    commit: str
    describe: str                 # where the tree came from, for every result
    standin: bool
    config: str                   # the full configuration spec to take vermagic options from
    history_since: Optional[str]  # commits since..commit are the base's own patches


def load_all(root: Path) -> list[Base]:
    folder = root / "bases"
    found = sorted(folder.glob("*.base"))
    if not found:
        raise WslxError(f"{folder}: no bases (<name>.base files)")
    out = []
    for path in found:
        values = {k: v for k, (_, v) in keyvalue.parse(path, "=", SCHEMA).items()}
        if bool(values.get("git")) != bool(values.get("tag")):
            raise WslxError(f"{path}: git= and tag= go together")
        out.append(Base(path.stem, path, values))
    roles = sorted(b.get("role") for b in out)
    if roles != ["clean", "downstream"]:
        raise WslxError(f"{folder}: wants one clean and one downstream base, has {roles}")
    return sorted(out, key=lambda b: b.get("role"))


def resolve(base: Base, repo: Repo, standin: bool, source: Optional[Path],
            sha256: str = "") -> Resolved:
    if source is not None:
        try:
            src = sources.from_path(source, sha256, False)
        except WslxError as err:
            # The source lanes' words for it are --source and --sha256; here the
            # user typed BASE_SOURCE=name=... and BASE_SHA256=name=...
            raise WslxError(str(err).replace("--source ", f"BASE_SOURCE={base.name}=")
                            .replace("--sha256 ", f"BASE_SHA256={base.name}=")
                            .replace("--sha256", "BASE_SHA256=")) from None
        commit = repo.import_tree(src.tree, f"local-{safe(src.ident)}", f"{base.name}: {src.desc}")
        return Resolved(base, commit, f"local {src.desc}", False, base.get("config"), None)
    if standin:
        return _stand_in_base(base, repo)
    if not base.get("git"):
        raise WslxError(f"{base.path}: no git= and tag=: give the base as "
                        f"BASE_SOURCE={base.name}=DIR|TARBALL, or STANDIN=1")
    return _git(base, repo)


def _git(base: Base, repo: Repo) -> Resolved:
    url, tag = base.get("git"), base.get("tag")
    ref = f"refs/wslx/imports/git-{safe(url)}-{safe(tag)}"
    commit = repo.ref(ref)
    if not commit:
        ui.step(f"{base.name}: fetching {url} at {tag} (shallow)")
        log = paths.cache_dir() / "stack" / "fetch.log"
        done = proc.run(["git", "--git-dir", repo.git_dir, "fetch", "-q", "--depth", "1",
                         "--no-tags", url, f"+refs/tags/{tag}:{ref}"], log=log,
                        progress=f"fetching {tag}")
        if done.returncode != 0:
            raise WslxError(f"base {base.name}: cannot fetch {url} tag {tag} (log: {log}); "
                            f"offline, STANDIN=1 uses Debian's pair, "
                            f"BASE_SOURCE={base.name}=DIR|TARBALL a local tree")
        commit = repo.ref(ref)
        if not commit:
            raise WslxError(f"base {base.name}: {tag} from {url} is not a commit")
    want = base.get("commit")
    if want and not commit.startswith(want):
        raise WslxError(f"base {base.name}: {tag} is {commit[:12]}, not the pinned commit {want}")
    return Resolved(base, commit, f"{tag} from {url}", False, base.get("config"), None)


def _apt(base: Base) -> Apt:
    sources_line = base.get("stand_in_apt_sources")
    if not sources_line:
        raise WslxError(f"{base.path}: stand_in needs stand_in_apt_sources (deb-src lines)")
    return Apt(Lane(f"stack-{base.name}", base.path, "debian", "stand-in source",
                    ARCHES["x86_64"], base.get("line"), {"apt_sources": sources_line}))


def _source_package(base: Base, package: str, version: str) -> Path:
    """The source package's files, downloaded once into the cache; its folder."""
    def fetch(tmp: Path) -> dict[str, str]:
        ui.step(f"{base.name}: downloading Debian's {package} {version} source package")
        _apt(base).source_files(package, version, tmp)
        (tmp / "source.log").unlink(missing_ok=True)
        return {"package": package, "version": version}
    return cache.Entry(paths.cache_dir() / "stack" / "debian-src", safe(f"{package}_{version}"),
                       f"Debian source {package} {version}").ensure(fetch)


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise WslxError(f"{folder}: expected one {pattern}, found {len(found)}")
    return found[0]


def _orig(base: Base, repo: Repo, package: str, version: str) -> tuple[str, Path]:
    upstream = version.split(":", 1)[-1].rsplit("-", 1)[0]
    ref = f"refs/wslx/imports/debian-orig-{safe(package)}-{safe(upstream)}"
    folder = _source_package(base, package, version)
    commit = repo.ref(ref)
    if commit:
        return commit, folder
    orig = _one(folder, f"{package}_*.orig.tar.*")
    tmp = paths.cache_dir() / "stack" / f".unpack.{base.name}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        ui.step(f"{base.name}: unpacking {orig.name}")
        done = proc.run(["tar", "-xf", orig, "-C", tmp, "--strip-components=1",
                         "--no-same-owner"], log=tmp.parent / "unpack.log",
                        progress=f"unpacking {orig.name}")
        if done.returncode != 0:
            raise WslxError(f"{orig}: tar cannot unpack it")
        sources.check_tree(tmp, f"{orig.name}")
        commit = repo.import_tree(tmp, ref.rsplit("/", 1)[1],
                                  f"{package} {upstream}: Debian's upstream .orig tarball")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return commit, folder


def _header(text: str, field: str) -> str:
    match = re.search(rf"^{field}:\s*(.+)$", text, re.M)
    return match.group(1).strip() if match else ""


def _debian_patched(base: Base, repo: Repo, package: str, version: str,
                    orig: str, folder: Path) -> str:
    ref = f"refs/wslx/imports/debian-patched-{safe(package)}-{safe(version)}"
    known = repo.ref(ref)
    if known:
        return known
    patches = paths.cache_dir() / "stack" / f".debian.{base.name}"
    shutil.rmtree(patches, ignore_errors=True)
    patches.mkdir(parents=True)
    try:
        with tarfile.open(_one(folder, f"{package}_*.debian.tar.*")) as tar:
            tar.extractall(patches, members=[m for m in tar.getmembers()
                                             if m.name.startswith("debian/patches/")])
        series = patches / "debian" / "patches" / "series"
        names = [ln.split()[0] for ln in series.read_text().splitlines()
                 if ln.strip() and not ln.lstrip().startswith("#")]
        ui.step(f"{base.name}: applying Debian's {len(names)} patches to the .orig "
                f"(one commit each)")
        work = repo.worktree("import", orig)
        for number, name in enumerate(names, start=1):
            path = series.parent / name
            text = path.read_text(errors="replace")
            done = proc.run(["git", "apply", "--index", "-p1", path], cwd=work,
                            env=repo.env(), log=patches / "apply.log")
            if done.returncode != 0:
                # git apply wants exact context; Debian's own tooling (quilt) allows fuzz.
                if proc.run(["patch", "-p1", "-s", "-i", path], cwd=work,
                            log=patches / "apply.log").returncode != 0:
                    raise WslxError(f"debian/patches/{name}: does not apply to {package} "
                                    f"{version}'s .orig (log: {patches / 'apply.log'})")
                repo.git("add", "-A", cwd=work)
            subject = _header(text, "Subject") or _header(text, "Description") or name
            author = _header(text, "From") or _header(text, "Author")
            env = repo.env()
            match = re.match(r"^(.*?)\s*<([^>]+)>$", author)
            if match:
                env.update(GIT_AUTHOR_NAME=match.group(1).strip('" ') or match.group(2),
                           GIT_AUTHOR_EMAIL=match.group(2))
            repo.git("commit", "-q", "--allow-empty", "--no-verify", "-m",
                     f"{subject}\n\nDebian: debian/patches/{name}", cwd=work, env=env)
            if number % 40 == 0:
                ui.info(f"{number} of {len(names)} Debian patches applied")
        commit = repo.git("rev-parse", "HEAD", cwd=work).strip()
        repo.git("update-ref", ref, commit)
        # The worktree served the import only: about a GB and a half less to keep.
        repo.git("worktree", "remove", "--force", work)
        return commit
    finally:
        shutil.rmtree(patches, ignore_errors=True)


IMAGE_CONFIG = "debian-image:"


def _image_config(base: Base, package: str, version: str, pattern: str) -> tuple[Path, str]:
    """The configuration Debian built package=version's kernel with: /boot/config-* of the
    binary image (the one of the source's binaries that pattern matches), from the
    archive, kept as a cache entry; and the image's name."""
    apt = _apt(base)
    image = next((n for n in apt.binaries(package, version) if re.fullmatch(pattern, n)), "")
    if not image:
        raise WslxError(f"{base.path}: stand_in_config={IMAGE_CONFIG}{pattern}: no binary "
                        f"package of {package} {version} matches")

    def fetch(tmp: Path) -> dict[str, str]:
        fields = apt.show(f"{image}={version}")
        if not fields.get("SHA256"):
            raise WslxError(f"base {base.name}: the archive no longer has {image} {version}, "
                            f"the image built from the stand-in's source (set stand_in_config= "
                            "to a lane's configuration instead)")
        ui.step(f"{base.name}: the configuration of {image} {version}")
        deb = apt.download(image, version, fields["SHA256"], tmp)
        listing = proc.capture(["dpkg-deb", "--contents", str(deb)])
        member = next((ln.split()[-1] for ln in listing.splitlines()
                       if re.search(r"\./boot/config-\S+$", ln)), "")
        if not member:
            raise WslxError(f"{deb.name}: no /boot/config-* in the package")
        # The package's data streamed through tar: its modules never land on disk.
        with subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)],
                              stdout=subprocess.PIPE) as child:
            assert child.stdout
            with tarfile.open(fileobj=child.stdout, mode="r|") as tar:
                for info in tar:
                    if info.name == member and info.isfile():
                        handle = tar.extractfile(info)
                        assert handle
                        (tmp / "config").write_bytes(handle.read())
                        break
            child.kill()
        if not (tmp / "config").is_file():
            raise WslxError(f"{deb.name}: {member} could not be read")
        deb.unlink()
        return {"image": image, "version": version}
    entry = cache.Entry(paths.cache_dir() / "stack" / "debian-config", safe(f"{image}_{version}"),
                        f"the configuration of {image} {version}").ensure(fetch)
    return entry / "config", image


def _stand_in_base(base: Base, repo: Repo) -> Resolved:
    match = STAND_IN.match(base.get("stand_in"))
    if not match:
        raise WslxError(f"{base.path}: no stand_in=: this base has no offline stand-in")
    kind, package, version = match.groups()
    config = base.get("stand_in_config") or base.get("config")
    configured = ""
    if config.startswith(IMAGE_CONFIG):
        path, image = _image_config(base, package, version, config.removeprefix(IMAGE_CONFIG))
        config, configured = f"file:path:{path}", f", configured as Debian's {image} {version}"
    orig, folder = _orig(base, repo, package, version)
    if kind == "debian-orig":
        return Resolved(base, orig, f"stand-in: Debian's {package} {version} .orig tarball "
                        f"(upstream {version.rsplit('-', 1)[0]})", True, config, None)
    commit = _debian_patched(base, repo, package, version, orig, folder)
    return Resolved(base, commit, f"stand-in: Debian's {package} {version} (.orig plus "
                    f"debian/patches/series{configured})", True, config, orig)
