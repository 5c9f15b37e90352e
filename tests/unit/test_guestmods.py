# SPDX-License-Identifier: GPL-2.0-only
"""A module's in-kernel dependencies: read from its modinfo, closed over the
lane's modules.dep, dependencies first; built-ins skipped; a missing one named."""
from pathlib import Path

from helpers import ScratchTest
from wslx import guestmods
from wslx.errors import WslxError


class Dependencies(ScratchTest):
    def setUp(self) -> None:
        super().setUp()
        self.mods = self.tmp / "lib/modules/6.1.0-1-amd64"
        self.mods.mkdir(parents=True)
        (self.mods / "modules.dep").write_text(
            "kernel/drivers/media/mc/mc.ko:\n"
            "kernel/drivers/media/v4l2-core/videodev.ko: kernel/drivers/media/mc/mc.ko\n"
            "kernel/lib/crc-itu-t.ko.xz:\n"
            "kernel/lib/crc7.ko:\n")
        (self.mods / "modules.builtin").write_text("kernel/lib/crc16.ko\n")

    def ko(self, modinfo: bytes) -> Path:
        path = self.tmp / "m.ko"
        path.write_bytes(b"\x7fELF junk\0" + modinfo + b"\0name=m\0vermagic=6.1 SMP\0")
        return path

    def test_needed_reads_depends_and_softdeps_once_each(self) -> None:
        ko = self.ko(b"depends=videodev,crc-itu-t\0softdep=pre: crc7 crc_itu_t post: crc16")
        self.assertEqual(guestmods.needed(ko), ["videodev", "crc-itu-t", "crc7", "crc16"])
        self.assertEqual(guestmods.needed(self.ko(b"depends=")), [])

    def test_closure_puts_dependencies_first(self) -> None:
        order = guestmods.closure(self.mods, ["videodev", "crc_itu_t", "mc", "crc16"],
                                  "6.1.0-1-amd64")
        self.assertEqual(order, ["kernel/drivers/media/mc/mc.ko",
                                 "kernel/drivers/media/v4l2-core/videodev.ko",
                                 "kernel/lib/crc-itu-t.ko.xz"])

    def test_a_module_the_kernel_lacks_is_named(self) -> None:
        with self.assertRaisesRegex(WslxError, "the module needs uvcvideo, which kernel "
                                    "6.1.0-1-amd64 has neither built in nor as a module"):
            guestmods.closure(self.mods, ["uvcvideo"], "6.1.0-1-amd64")
