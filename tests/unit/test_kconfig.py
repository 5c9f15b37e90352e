# SPDX-License-Identifier: GPL-2.0-only
"""Kconfig logic that needs no kernel tree: parsing, fragments that did not survive, diffs."""
from pathlib import Path

from helpers import ScratchTest
from wslx import kconfig
from wslx.errors import WslxError


class Kconfig(ScratchTest):
    def test_parse_set_and_unset(self) -> None:
        got = kconfig.parse('CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C="x y"\n# comment\n')
        self.assertEqual(got, {"A": "y", "B": "n", "C": '"x y"'})

    def test_fragment_that_did_not_survive_is_named(self) -> None:
        config = self.write("out/.config", "CONFIG_MODULES=y\nCONFIG_A=y\n")
        first = self.write("a.config", "CONFIG_A=y\nCONFIG_B=y\n")
        with self.assertRaisesRegex(WslxError, r"a\.config: CONFIG_B=y did not survive Kconfig "
                                               r"on this kernel \(got n"):
            kconfig.check_fragments(config, [first])
        # A later fragment's word wins: B off is what the last one asks.
        later = self.write("b.config", "# CONFIG_B is not set\n")
        kconfig.check_fragments(config, [first, later])

    def test_no_modules_names_the_fragment_that_dropped_them(self) -> None:
        config = self.write("out/.config", "# CONFIG_MODULES is not set\n")
        culprit = self.write("nomod.config", "# CONFIG_MODULES is not set\n")
        with self.assertRaisesRegex(WslxError, r"nomod\.config: CONFIG_MODULES is not set: this "
                                               r"kernel cannot build or load external modules"):
            kconfig.check_fragments(config, [self.write("ok.config", "CONFIG_X=y\n"), culprit])

    def test_abi_fragment_and_diff(self) -> None:
        config = self.write("c", "CONFIG_SMP=y\nCONFIG_LOCALVERSION=\"-x\"\nCONFIG_MODULES=y\n")
        frag = kconfig.parse(kconfig.abi_fragment(config))
        self.assertEqual((frag["SMP"], frag["LOCALVERSION"], frag["PREEMPT_RT"]),
                         ("y", '"-x"', "n"))
        self.assertEqual(set(frag), set(kconfig.ABI_OPTIONS))
        old = self.write("old", "CONFIG_DXGKRNL=y\nCONFIG_A=m\n# CONFIG_B is not set\n")
        new = self.write("new", "CONFIG_A=y\nCONFIG_C=y\n# CONFIG_B is not set\n")
        self.assertEqual(kconfig.diff(old, new),
                         ["added C=y", "changed A m -> y", "dropped DXGKRNL=y"])

    def test_a_base_file_spec_and_another_lanes_configuration(self) -> None:
        # kconfig does not prepare lanes itself (that import made a circle through
        # prepare and sourcelane): the caller says how, or lane: is refused.
        tree = self.write("tree/arch/x86/configs/mine", "CONFIG_A=y\n").parent.parent.parent.parent
        other = self.write("other/.config", "CONFIG_B=y\n")
        self.assertEqual(kconfig.base_file("file:tree:arch/x86/configs/mine,lane:x", tree),
                         tree / "arch/x86/configs/mine")
        self.assertEqual(kconfig.base_file("file:tree:gone,lane:x", tree,
                                           lambda name: other if name == "x" else tree),
                         other)
        with self.assertRaisesRegex(WslxError, "lane:x cannot be prepared here"):
            kconfig.base_file("file:tree:gone,lane:x", tree)

        def broken(name: str) -> Path:
            raise WslxError("no such lane")
        with self.assertRaisesRegex(WslxError, r"preparing lane x failed \(no such lane\)"):
            kconfig.base_file("file:lane:x", tree, broken)
