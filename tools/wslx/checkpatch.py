# SPDX-License-Identifier: GPL-2.0-only
"""checkpatch.pl --strict over the kernel-side C (src/, compat/, probes/, fixtures).

checkpatch.pl comes from Debian's kernel source package at run time; it is
never committed. It runs in a scratch folder, so that its camel-case cache
file never lands in the checkout.
"""
import subprocess
import tempfile

from wslx import paths, proc, sourcefiles, ui
from wslx.errors import WslxError

SCRIPTS = ["scripts/checkpatch.pl", "scripts/spelling.txt", "scripts/const_structs.checkpatch"]
# git pathspecs: "*" matches across folders. tests/fixtures/adopt/ stands for
# third-party modules as they come, version checks and all, and
# tests/fixtures/old_api/ and api_breaks/ for modules written against APIs
# since removed (strlcpy, del_timer): not held to this tree's style.
SOURCES = ["src/*.[ch]", "compat/*.[ch]", "probes/*.c", "tests/fixtures/*.[ch]",
           ":(exclude)tests/fixtures/adopt", ":(exclude)tests/fixtures/old_api",
           ":(exclude)tests/fixtures/api_breaks"]


def run(package: str = "linux-source-6.12") -> None:
    tree = sourcefiles.files(package, SCRIPTS)
    listed = proc.capture(["git", "-C", paths.ROOT, "ls-files", "-co", "--exclude-standard",
                           "--", *SOURCES], what="git ls-files")
    files = [str(paths.ROOT / f) for f in listed.split()]
    if not files:
        raise WslxError("checkpatch: no kernel-side sources found")
    ui.step(f"checkpatch --strict on {len(files)} files")
    with tempfile.TemporaryDirectory(prefix="wslx-checkpatch.") as scratch:
        done = subprocess.run(["perl", str(tree / "scripts/checkpatch.pl"), "--strict",
                               "--no-tree", "--terse", "--show-types", "-f", *files],
                              cwd=scratch, capture_output=True, text=True)
    if done.returncode != 0:
        for line in (done.stdout + done.stderr).splitlines():
            if " 0 errors, 0 warnings, 0 checks" not in line:
                ui.quote([line.replace(str(paths.ROOT) + "/", "")], indent="")
        raise WslxError("checkpatch --strict found problems (listed above)")
    ui.info(f"checkpatch --strict: {len(files)} files clean")
