# SPDX-License-Identifier: GPL-2.0-only
"""Pieces of builds and guest runs that need no kernel: first errors, excerpts, archives."""
import lzma
import subprocess
import unittest
from pathlib import Path

from helpers import ScratchTest
from wslx import build, guest, initramfs, vmlinux
from wslx.errors import WslxError


class FirstError(unittest.TestCase):
    def test_compiler_modpost_and_make(self) -> None:
        log = ("  CC [M]  /b/src/a.o\n/b/src/a.c: In function 'f':\n"
               "/b/src/a.c:3:1: warning: unused\n/b/src/a.c:4:2: error: expected ';'\n"
               "make[2]: *** [x] Error 1\n")
        self.assertEqual(build.first_error(log), "/b/src/a.c:4:2: error: expected ';'")
        modpost = "  MODPOST Module.symvers\nERROR: modpost: \"f\" [m.ko] undefined!\n" \
                  "make[1]: *** [Makefile:1] Error 1\n"
        self.assertEqual(build.first_error(modpost), 'ERROR: modpost: "f" [m.ko] undefined!')
        self.assertEqual(build.first_error("make: *** No rule to make target 'x'.\n"),
                         "make: *** No rule to make target 'x'.")
        self.assertEqual(build.first_error("all fine\n"), "")


class Paths(ScratchTest):
    def test_mirror_paths_become_the_users_files(self) -> None:
        real = self.write("repo/src/a.c", "int x;\n")
        mirror = self.tmp / "build" / "6.1" / "src"
        mirror.mkdir(parents=True)
        (mirror / "a.c").symlink_to(real)
        line = f"{mirror}/a.c:4:2: error: expected ';'"
        self.assertEqual(build.in_user_tree(line, self.tmp / "build" / "6.1"),
                         f"{real}:4:2: error: expected ';'")


class Console(unittest.TestCase):
    def test_excerpt_starts_at_the_oops(self) -> None:
        lines = [f"[ {i}.0] boot line {i}" for i in range(40)]
        lines[30] = "[ 30.0] BUG: kernel NULL pointer dereference, address: 0000000000000000"
        got = guest.excerpt("\n".join(lines))
        self.assertEqual(got[2], lines[30])
        self.assertEqual(got[0], lines[28])
        self.assertEqual(guest.excerpt("a\nb\n"), ["a", "b"])

    def test_sections_and_why(self) -> None:
        out = guest.Outcome("timeout", None, 20.2, "# wslx-section: smoke\nok 1 insert\n"
                            "# wslx-section: kselftest t\nTAP version 13\n"
                            "# wslx-guest: done rc=0\n", Path("c"), [], "ok 1 insert")
        self.assertEqual(out.sections()["smoke"], "ok 1 insert\n")
        self.assertEqual(out.sections()["kselftest t"], "TAP version 13\n")
        self.assertEqual(out.why(), "guest did not finish within 20s: ended by the timeout "
                                    "(last result: ok 1 insert)")


class Archives(ScratchTest):
    def test_newc_archive_reads_back_with_cpio(self) -> None:
        items = [initramfs.Item("bin", 0o755), initramfs.Item("bin/a", 0o755, b"#!/bin/sh\n"),
                 initramfs.Item("bin/b", 0o777, link="/bin/a"),
                 initramfs.Item("data", 0o644, b"x" * 5)]
        path = self.tmp / "a.cpio"
        with open(path, "wb") as f:
            initramfs.write(items, f)
        listing = subprocess.run(["cpio", "-itv", "--quiet"], stdin=open(path, "rb"),
                                 capture_output=True, text=True, check=True).stdout
        names = [line.split()[8] for line in listing.splitlines()]
        self.assertEqual(names, ["bin", "bin/a", "bin/b", "data"])
        self.assertIn("bin/b -> /bin/a", listing)
        out = self.tmp / "x"
        out.mkdir()
        subprocess.run(["cpio", "-id", "--quiet"], stdin=open(path, "rb"), cwd=out, check=True)
        self.assertEqual((out / "data").read_bytes(), b"xxxxx")


class Vmlinux(ScratchTest):
    def test_elf_found_in_a_compressed_image(self) -> None:
        elf = b"\x7fELF" + bytes(range(256)) * 64
        # A decoy stream first, then the kernel, then trailing data, as in a bzImage.
        image = b"MZ" + b"\0" * 100 + lzma.compress(b"not elf", format=lzma.FORMAT_XZ) + \
            b"\0" * 50 + lzma.compress(elf, format=lzma.FORMAT_XZ) + b"trailing" * 10
        path = self.write("bzImage", "")
        path.write_bytes(image)
        self.assertEqual(vmlinux.extract(path), elf)
        path.write_bytes(b"MZ" + b"\0" * 1000)
        with self.assertRaisesRegex(WslxError, "bzImage: no compressed ELF kernel found inside"):
            vmlinux.extract(path)
