# SPDX-License-Identifier: GPL-2.0-only
"""module.mk read strictly: the policy keys are optional, checked, and carried."""
from pathlib import Path

from helpers import ScratchTest
from wslx import identity, paths
from wslx.errors import WslxError


class ModuleMk(ScratchTest):
    def module_mk(self, extra: str) -> Path:
        path = self.tmp / "module.mk"
        path.write_text((paths.ROOT / "module.mk").read_text() + extra)
        return path

    def test_policy_keys_default_when_absent(self) -> None:
        ident = identity.load(self.module_mk(""))
        self.assertEqual((ident.warnings, ident.params, ident.required_config), ("error", "", ()))

    def test_policy_keys_are_read(self) -> None:
        ident = identity.load(self.module_mk(
            "WARNINGS := allow\nMODULE_PARAMS := ring_size=64 label=x\n"
            "REQUIRED_CONFIG := CONFIG_VIDEO_DEV CONFIG_MEDIA_SUPPORT\n"
            "MODULE_PRELOAD := crc7 crc-itu-t\nPROBE_PREFIX := MYDRV_\n"))
        self.assertEqual(ident.preload, ("crc7", "crc-itu-t"))
        self.assertEqual(ident.warnings, "allow")
        self.assertEqual(ident.params, "ring_size=64 label=x")
        self.assertEqual(ident.required_config, ("CONFIG_VIDEO_DEV", "CONFIG_MEDIA_SUPPORT"))

    def test_bad_policy_values_name_the_line(self) -> None:
        base = len((paths.ROOT / "module.mk").read_text().splitlines())
        for extra, why in (("WARNINGS := sometimes\n", "must be error or allow"),
                           ("MODULE_PARAMS := ring_size\n", "not name=value: ring_size"),
                           ("REQUIRED_CONFIG := VIDEO_DEV\n", "not a CONFIG_ option: VIDEO_DEV"),
                           ("MODULE_PRELOAD := Crc7\n", "not a module name: Crc7"),
                           ("PROBE_PREFIX := mydrv\n", "upper case, digits and _, ending in _"),
                           ("WARNING := allow\n", "unknown key 'WARNING' .did you mean")):
            with self.subTest(extra):
                with self.assertRaisesRegex(WslxError, f"module.mk:{base + 1}: .*{why}"):
                    identity.load(self.module_mk(extra))
