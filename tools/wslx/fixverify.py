# SPDX-License-Identifier: GPL-2.0-only
"""make fix APPLY=1: put a proposal into the working tree, then prove it.

The changed files' originals are kept in the fix folder first; then every
lane to check runs a make smoke of its own (build, verify, load, tests,
unload in QEMU), the failing lane first. Only when every one passes is the
proposal called verified, and the tree keeps it (never committed). Otherwise
the originals go back, unless KEEP=1, and what still fails is named. Ctrl-C
puts the originals back as well: the tree is never left holding a proposal
nobody verified, unless the user asked for it.
"""
import os
import shutil
from pathlib import Path
from typing import Optional

from wslx import fileio, matrix, paths, proc, runs, ui
from wslx.errors import BadInput
from wslx.propose import Proposal


def lanes_to_check(failing: str, spec: str) -> list[str]:
    """The failing lane, then every lane the module supports whose last run passed
    (or the lanes LANES= names)."""
    picked, _ = matrix.chosen(spec)
    if not spec.strip():
        picked = [n for n in picked if runs.passed(n)]
    return [failing] + [n for n in picked if n != failing]


def _restore(originals: dict[str, Optional[str]], root: Path) -> None:
    """The files as they were; a file the proposal added goes again."""
    for rel, text in originals.items():
        if text is None:
            (root / rel).unlink(missing_ok=True)
        else:
            fileio.write_atomic(root / rel, text)


def run(prop: Proposal, failing: str, out: Path, keep: bool, spec: str = "",
        root: Path = paths.ROOT) -> int:
    """Apply prop to root, smoke-test the lanes; 0 when verified on all of them."""
    check = lanes_to_check(failing, spec)
    originals: dict[str, Optional[str]] = {
        rel: (root / rel).read_text(errors="replace") if (root / rel).exists() else None
        for rel in prop.files}
    keep_dir = out / "originals"
    shutil.rmtree(keep_dir, ignore_errors=True)
    for rel, text in originals.items():
        if text is not None:
            (keep_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            fileio.write_atomic(keep_dir / rel, text)
    ui.step(f"applying {out / 'fix.patch'} to the tree; originals kept in {keep_dir}")
    failed: list[tuple[str, str]] = []
    skipped: list[str] = []
    restored = False
    try:
        for rel, text in prop.files.items():
            fileio.write_atomic(root / rel, text)
        for i, lane in enumerate(check, 1):
            ui.step(f"verifying on {lane} ({i}/{len(check)}): make smoke")
            log = out / f"verify-{lane}.log"
            done = proc.run([str(paths.ROOT / "tools" / "wslx-cli"), "smoke", lane], log=log,
                            env=dict(os.environ, LANE=lane), progress=f"make smoke {lane}")
            if done.returncode == 130:
                raise KeyboardInterrupt
            rec = runs.load_latest(lane)
            if done.returncode == 0 and rec is not None and rec.verdict == "PASS":
                ui.info(f"{lane}: PASS")
                continue
            if done.returncode == 77:
                # The module does not run there (module.mk's REQUIRED_CONFIG): no proof
                # either way, and said so.
                skipped.append(lane)
                ui.info(f"{lane}: SKIP ({proc.last_line(log)})")
                continue
            step = rec.first_failure() if rec is not None else None
            why = f"{step.name}: {step.note}" if step else proc.last_line(log) or \
                f"exit {done.returncode}"
            failed.append((lane, why))
            ui.info(f"{lane}: FAIL ({why}; log: {log})")
    except BaseException:
        if not keep:
            _restore(originals, root)
            restored = True
            ui.info("interrupted: the originals are back in the tree")
        raise
    proven = [n for n in check if n not in skipped and n not in dict(failed)]
    if not failed and proven:
        print(f"verified: the proposal builds, verifies and passes make smoke on "
              f"{' '.join(proven)}" + (f" (skipped: {' '.join(skipped)})" if skipped else "") +
              f"; the tree keeps it ({' '.join(sorted(prop.files))}), not committed")
        return 0
    if not failed:
        failed.append((failing, "skipped: no lane could run the module"))
    for lane, why in failed:
        print(f"unverified: {lane} still fails: {why}")
    if keep:
        print(f"KEEP=1: the tree keeps the unverified proposal; the originals are in {keep_dir}")
    elif not restored:
        _restore(originals, root)
        print("the tree is as it was (KEEP=1 keeps an unverified proposal)")
    return 1


def check_options(apply: bool, lane: str) -> None:
    if apply and not lane:
        raise BadInput("APPLY=1 needs LANE=: a proposal is verified by make smoke on lanes")
