# SPDX-License-Identifier: GPL-2.0-only
"""What packaging fills in from module.mk: DKMS's kernel range regex, templates."""
import re
import unittest

from helpers import ScratchTest
from wslx import identity, packages
from wslx.errors import WslxError


class KernelRange(unittest.TestCase):
    def check(self, low: str, high: str) -> None:
        rx = re.compile(packages.kernel_range_regex(low, high))
        lo, hi = tuple(map(int, low.split("."))), tuple(map(int, high.split(".")))
        for major in range(2, 12):
            for minor in range(0, 100):
                inside = lo <= (major, minor) <= hi
                for release in (f"{major}.{minor}", f"{major}.{minor}.3-1-amd64",
                                f"{major}.{minor}-rc1"):
                    self.assertEqual(bool(rx.match(release)), inside, f"{release} in {low}..{high}")

    def test_ranges(self) -> None:
        for low, high in (("5.10", "7.2"), ("6.1", "6.12"), ("4.19", "6.6"), ("5.10", "5.10"),
                          ("3.0", "10.99"), ("5.4", "5.9")):
            with self.subTest(f"{low}..{high}"):
                self.check(low, high)


class Templates(ScratchTest):
    def test_fill_from_module_mk_and_refuse_leftovers(self) -> None:
        good = self.write("t.in", "@MODULE_NAME@ @DEB_NAME@ @EXTRA@\n")
        name = identity.load().name
        self.assertEqual(packages.fill(good, EXTRA="x"), f"{name} {name.replace('_', '-')} x")
        with self.assertRaisesRegex(WslxError, r"t\.in: a @KEY@ is left unfilled: @EXTRA@"):
            packages.fill(good)
