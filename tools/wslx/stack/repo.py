# SPDX-License-Identifier: GPL-2.0-only
"""The work repository in the cache: the bases as commits, one worktree per
base where the series is replayed. Never the user's checkout.

An import is trusted only through its ref (refs/wslx/imports/<key>), which
is written after every object it needs: an import cut short leaves loose
objects and no ref, and the next run imports again. Commits wslx makes
carry a fixed identity and date, so that the same patches on the same base
give the same commit ids run after run.
"""
import os
import re
import shutil
from pathlib import Path
from typing import Optional

from wslx import paths, proc, ui
from wslx.errors import WslxError

IDENTITY = {"GIT_AUTHOR_NAME": "wslx", "GIT_AUTHOR_EMAIL": "wslx@localhost",
            "GIT_COMMITTER_NAME": "wslx", "GIT_COMMITTER_EMAIL": "wslx@localhost",
            "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z",
            "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z"}


def root() -> Path:
    return paths.cache_dir() / "stack"


class Repo:
    def __init__(self) -> None:
        self.git_dir = root() / "repo.git"
        if not (self.git_dir / "HEAD").exists():
            self.git_dir.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.git_dir.with_name(f".repo.git.tmp.{os.getpid()}")
            shutil.rmtree(tmp, ignore_errors=True)
            proc.capture(["git", "init", "-q", "--bare", tmp], what="git init")
            for key, value in (("gc.auto", "0"), ("rerere.enabled", "true"),
                               ("rerere.autoupdate", "false"),
                               ("gc.rerereResolved", "100000"),
                               ("gc.rerereUnresolved", "100000"),
                               ("core.abbrev", "12")):
                proc.capture(["git", "--git-dir", tmp, "config", key, value])
            os.rename(tmp, self.git_dir)

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, **IDENTITY, "GIT_EDITOR": "true", **extra}

    def git(self, *args: str | os.PathLike[str], cwd: Optional[Path] = None,
            check: bool = True, env: Optional[dict[str, str]] = None) -> str:
        argv = ["git", *args] if cwd else ["git", "--git-dir", self.git_dir, *args]
        return proc.capture(argv, cwd=cwd, env=env or self.env(), check=check,
                            what=f"git {args[0]}")

    def ref(self, name: str) -> Optional[str]:
        out = self.git("rev-parse", "-q", "--verify", f"{name}^{{commit}}", check=False).strip()
        return out or None

    def import_tree(self, tree: Path, key: str, message: str) -> str:
        """tree as a root commit, once per key."""
        ref = f"refs/wslx/imports/{key}"
        known = self.ref(ref)
        if known:
            return known
        ui.step(f"importing {tree} into the work repository ({self.git_dir})")
        index = root() / f".index.{os.getpid()}"
        env = self.env(GIT_INDEX_FILE=str(index), GIT_WORK_TREE=str(tree))
        try:
            done = proc.run(["git", "--git-dir", self.git_dir, "add", "-A", "-f", "."],
                            cwd=tree, env=env, log=root() / "import.log",
                            progress=f"importing {tree.name}")
            if done.returncode != 0:
                raise WslxError(f"{tree}: git add failed (log: {root() / 'import.log'})")
            top = self.git("write-tree", env=env).strip()
        finally:
            index.unlink(missing_ok=True)
        commit = self.git("commit-tree", top, "-m", message).strip()
        self.git("update-ref", ref, commit)
        return commit

    def worktree(self, name: str, commit: str) -> Path:
        """The worktree called name, clean, at commit (detached)."""
        path = root() / "work" / name
        if path.exists() and not (path / ".git").exists():
            shutil.rmtree(path)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            self.git("worktree", "prune")
            self.git("worktree", "add", "-q", "--detach", "-f", path, commit)
            return path
        if self.in_am(path):
            self.git("am", "--abort", cwd=path, check=False)
        self.git("checkout", "-q", "--detach", "-f", commit, cwd=path)
        self.git("clean", "-q", "-fdx", cwd=path)
        return path

    def in_am(self, path: Path) -> bool:
        rel = Path(self.git("rev-parse", "--git-path", "rebase-apply", cwd=path).strip())
        return (rel if rel.is_absolute() else path / rel).is_dir()

    def patch_ids(self, since: str, until: str) -> dict[str, str]:
        """patch-id (stable) -> commit, for the commits in since..until."""
        log = self.git("log", "-p", "--no-merges", "--format=commit %H", f"{since}..{until}")
        out = self.patch_ids_of(log)
        ids: dict[str, str] = {}
        for line in out.splitlines():
            pid, _, commit = line.partition(" ")
            ids.setdefault(pid, commit)
        return ids

    def patch_ids_of(self, text: str) -> str:
        """git patch-id --stable over text (patches or git log -p output)."""
        return proc.capture(["git", "--git-dir", self.git_dir, "patch-id", "--stable"],
                            input=text, what="git patch-id")

    def patch_id(self, patch: Path) -> str:
        out = self.patch_ids_of(patch.read_text(errors="replace"))
        return out.split(" ", 1)[0] if out.strip() else ""


def safe(text: str) -> str:
    """text as a ref or folder name part."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)
