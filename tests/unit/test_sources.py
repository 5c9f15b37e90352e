# SPDX-License-Identifier: GPL-2.0-only
"""Source trees: identity by content, the in-tree hook, one-line errors for non-trees."""
import os
import subprocess
import unittest
from pathlib import Path

from helpers import ScratchTest
from wslx import identity, lanes, sources
from wslx.errors import WslxError


def toy_tree(root: Path) -> Path:
    for d in ("arch/x86", "scripts/kconfig", "drivers/misc"):
        (root / d).mkdir(parents=True, exist_ok=True)
    (root / "Makefile").write_text("VERSION = 6\nPATCHLEVEL = 6\nSUBLEVEL = 9\nEXTRAVERSION = -x\n")
    (root / "Kconfig").write_text("")
    (root / "drivers/misc/Kconfig").write_text('menu "Misc devices"\nconfig A\nendmenu\n')
    (root / "drivers/misc/Makefile").write_text("obj-y += a.o\n")
    return root


def git(tree: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(tree), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                   check=True, capture_output=True)


class Sources(ScratchTest):
    def test_version_and_checks(self) -> None:
        tree = toy_tree(self.tmp / "t")
        self.assertEqual(sources.version(tree), "6.6.9-x")
        sources.check_tree(tree, "--source t")
        (tree / ".config").write_text("")
        with self.assertRaisesRegex(WslxError, "configured in place; run 'make mrproper'"):
            sources.check_tree(tree, "--source t")
        with self.assertRaisesRegex(WslxError, "^--source e: not a Linux kernel source tree"):
            sources.check_tree(self.tmp, "--source e")

    def test_a_tree_without_the_lanes_arch_is_named(self) -> None:
        tree = toy_tree(self.tmp / "t")
        self.write("lanes/l1-arm.lane", "kind=source\ndescription=d\narch=arm64\nline=6.6\n"
                   "full_config=defconfig:defconfig\n")
        lane = lanes.load("l1-arm")
        with self.assertRaisesRegex(WslxError, r"has no arch/arm64, which LANE=l1-arm "
                                    r"\(arch=arm64\) builds$"):
            sources.resolve(lane, tree, "", False)
        (tree / "arch" / "arm64").mkdir()
        self.assertEqual(sources.resolve(lane, tree, "", False).tree, tree.resolve())

    def test_plain_folder_identity_is_content_not_path(self) -> None:
        a = toy_tree(self.tmp / "a")
        b = self.tmp / "b"
        subprocess.run(["cp", "-a", str(a), str(b)], check=True)
        self.assertEqual(sources.fingerprint(a), sources.fingerprint(b))
        before = sources.fingerprint(a)
        (a / "Kconfig").write_text("# an edit\n")
        self.assertNotEqual(sources.fingerprint(a), before)

    def test_git_tree_identity_follows_uncommitted_edits(self) -> None:
        tree = toy_tree(self.tmp / "g")
        git(tree, "init", "-q")
        git(tree, "add", "-A")
        git(tree, "commit", "-qm", "one")
        clean = sources.fingerprint(tree)
        self.assertTrue(clean.startswith("git-"))
        self.assertEqual(sources.fingerprint(tree), clean)
        (tree / "Kconfig").write_text("# an edit that breaks the build\n")
        edited = sources.fingerprint(tree)
        self.assertNotEqual(edited, clean)
        (tree / "new.c").write_text("x")
        self.assertNotEqual(sources.fingerprint(tree), edited)

    def test_add_module_is_idempotent_and_never_edits_linked_files(self) -> None:
        tree = toy_tree(self.tmp / "t")
        linked = self.tmp / "linked"
        subprocess.run(["cp", "-al", str(tree), str(linked)], check=True)
        sources.add_module(linked)
        name = identity.load().name
        kconfig = (linked / "drivers/misc/Kconfig").read_text()
        self.assertIn(f'source "drivers/misc/{name}/Kconfig"\nendmenu', kconfig)
        self.assertIn(f"+= {name}/", (linked / "drivers/misc/Makefile").read_text())
        self.assertTrue((linked / "drivers/misc" / name / "Kbuild").is_file())
        # The tree the copy links to is untouched.
        self.assertNotIn(name, (tree / "drivers/misc/Kconfig").read_text())
        mtime = os.stat(linked / "drivers/misc" / name / "Kbuild").st_mtime_ns
        sources.add_module(linked)
        self.assertEqual((linked / "drivers/misc/Kconfig").read_text(), kconfig)
        self.assertEqual(os.stat(linked / "drivers/misc" / name / "Kbuild").st_mtime_ns, mtime)


class SourceNote(unittest.TestCase):
    """What a source lane's record says its kernel came from (the report's headline)."""

    def test_a_tree_on_the_line_but_not_the_pin_is_a_stand_in_for_the_pin(self) -> None:
        from wslx import lanes, sourcelane
        from wslx.errors import LaneSkipped
        wsl, l1 = lanes.load("wsl-6.6"), lanes.load("upstream-6.6")
        dropped = "; olddefconfig dropped 49 options of the lane's config, DXGKRNL among them"
        self.assertEqual(
            sourcelane.source_note(wsl, "/src/linux-6.6.87", "6.6.87-microsoft-standard-WSL2",
                                   True, dropped),
            "source: /src/linux-6.6.87 (a stand-in for the pinned linux-msft-wsl-6.6.114.1)"
            + dropped)
        self.assertEqual(sourcelane.source_note(l1, "/src/t", "6.6.87", True, ""),
                         "source: /src/t (a stand-in for the pinned v6.6.114)")
        self.assertEqual(sourcelane.source_note(l1, "/src/t", "6.12.117", True, ""),
                         "source: /src/t (a stand-in: the lane pins the 6.6 line)")
        self.assertEqual(sourcelane.source_note(l1, "git v6.6.114", "6.6.114", False, ""),
                         "source: git v6.6.114")
        with self.assertRaisesRegex(LaneSkipped, "its source is 6.12.117, not the 6.6 line"):
            sourcelane.source_note(l1, "git", "6.12.117", False, "")
