# SPDX-License-Identifier: GPL-2.0-only
"""Cache entries: complete or absent, damage found and repaired, writers locked."""
import multiprocessing
import os
import signal
import time
from pathlib import Path
from typing import Callable

from helpers import ScratchTest
from wslx import cache


def fill(tmp: Path) -> dict[str, str]:
    (tmp / "boot").mkdir()
    (tmp / "boot" / "vmlinux").write_bytes(b"\x7fELF" + b"k" * 4096)
    (tmp / "Module.symvers").write_text("0x1 sym vmlinux EXPORT_SYMBOL\n")
    os.symlink("boot/vmlinux", tmp / "link")
    return {"packages": "a=1"}


def slow_writer(root: str, log: str, tag: str) -> None:
    def build(tmp: Path) -> dict[str, str]:
        with open(log, "a") as f:
            f.write(f"{tag} start {time.monotonic()}\n")
        time.sleep(1.0)
        with open(log, "a") as f:
            f.write(f"{tag} end {time.monotonic()}\n")
        return fill(tmp)
    cache.Entry(Path(root), "k", "kernel k").ensure(build)


def interrupted_writer(root: str) -> None:
    def build(tmp: Path) -> dict[str, str]:
        (tmp / "half").write_text("half")
        os.kill(os.getpid(), signal.SIGKILL)
        return {}
    cache.Entry(Path(root), "k", "kernel k").ensure(build)


class Entries(ScratchTest):
    def entry(self) -> cache.Entry:
        return cache.Entry(self.tmp / "c", "k", "kernel k")

    def test_built_once_then_reused(self) -> None:
        calls: list[int] = []

        def build(tmp: Path) -> dict[str, str]:
            calls.append(1)
            return fill(tmp)
        path = self.entry().ensure(build)
        self.assertEqual(self.entry().ensure(build), path)
        self.assertEqual(len(calls), 1)
        self.assertIsNone(cache.check(path))
        self.assertEqual(cache.read_meta(path), {"packages": "a=1"})

    def test_damage_is_detected_and_repaired(self) -> None:
        def relink(p: Path) -> None:
            os.unlink(p / "link")
            os.symlink("x", p / "link")

        def edit(p: Path) -> None:
            (p / "Module.symvers").write_text("0x2 sym vmlinux EXPORT_SYMBOL\n")

        damages: dict[str, Callable[[Path], None]] = {
            "truncated": lambda p: os.truncate(p / "boot" / "vmlinux", 10),
            "deleted": lambda p: os.unlink(p / "Module.symvers"),
            "relinked": relink,
            "edited": edit,
            "no manifest": lambda p: os.unlink(p / cache.MANIFEST),
        }
        for what, damage in damages.items():
            with self.subTest(what):
                path = self.entry().ensure(fill)
                damage(path)
                self.assertIsNotNone(cache.check(path))
                self.assertEqual(self.entry().ensure(fill), path)
                self.assertIsNone(cache.check(path))
                self.assertEqual((path / "boot" / "vmlinux").stat().st_size, 4100)

    def test_an_edit_that_keeps_size_and_mtime_is_found(self) -> None:
        # Issue 20: a header given an #error, one CRC in Module.symvers changed,
        # the size kept and the mtime put back, passed the check.
        path = self.entry().ensure(fill)
        symvers = path / "Module.symvers"
        st = symvers.stat()
        symvers.write_text("0x2 sym vmlinux EXPORT_SYMBOL\n")
        os.utime(symvers, ns=(st.st_atime_ns, st.st_mtime_ns))
        self.assertEqual(symvers.stat().st_size, st.st_size)
        self.assertEqual(cache.check(path), "Module.symvers: content changed")

    def test_a_restored_copy_is_proven_once(self) -> None:
        # New ctimes (a tree copied back from a CI cache): hashed, then trusted.
        path = self.entry().ensure(fill)
        time.sleep(0.01)
        os.chmod(path / "Module.symvers", 0o644)     # moves the ctime only
        self.assertIsNone(cache.check(path))
        manifest = (path / cache.MANIFEST).read_text()
        self.assertIsNone(cache.check(path))
        self.assertEqual((path / cache.MANIFEST).read_text(), manifest)

    def test_touched_but_same_content_is_whole(self) -> None:
        path = self.entry().ensure(fill)
        os.utime(path / "Module.symvers", (1, 1))
        self.assertIsNone(cache.check(path))

    def test_stale_entry_replaced_when_not_wanted(self) -> None:
        path = self.entry().ensure(fill)
        got = self.entry().ensure(lambda t: {**fill(t), "packages": "a=2"},
                                  want=lambda meta: meta.get("packages") == "a=2")
        self.assertEqual(got, path)
        self.assertEqual(cache.read_meta(path), {"packages": "a=2"})

    def test_killed_writer_leaves_nothing_trusted(self) -> None:
        child = multiprocessing.Process(target=interrupted_writer, args=(str(self.tmp / "c"),))
        child.start()
        child.join()
        self.assertEqual(child.exitcode, -signal.SIGKILL)
        self.assertFalse(self.entry().path.exists())
        self.assertTrue(list((self.tmp / "c").glob(".k.tmp.*")))   # the half-built folder
        self.entry().ensure(fill)
        self.assertEqual(list((self.tmp / "c").glob(".k.tmp.*")), [])

    def test_two_writers_are_serialised(self) -> None:
        log = self.tmp / "log"
        procs = [multiprocessing.Process(target=slow_writer,
                                         args=(str(self.tmp / "c"), str(log), tag))
                 for tag in ("a", "b")]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        events = [line.split()[1] for line in log.read_text().splitlines()]
        # One writer built the entry; the other waited and found it whole.
        self.assertEqual(events, ["start", "end"])
