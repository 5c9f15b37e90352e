# SPDX-License-Identifier: GPL-2.0-only
"""make matrix choosing its lanes: names and globs, the module's kernel range,
source lanes only once built here; bad input in one line."""
from helpers import ScratchTest
from wslx import matrix
from wslx.errors import BadInput

DEBIAN = "kind=debian\ndescription=d\narch={arch}\nline={line}\nimage_meta=i\nheaders_meta=h\n"
SOURCE = "kind=source\ndescription=s\narch=x86_64\nline=6.6\nsource_git=file:///x\n" \
    "source_tag=v6.6\nfull_config=defconfig:x86_64_defconfig\n"


class Choosing(ScratchTest):
    def setUp(self) -> None:
        super().setUp()
        for name, line, arch in (("deb-4.19", "4.19", "x86_64"), ("deb-6.1", "6.1", "x86_64"),
                                 ("deb-6.1-arm64", "6.1", "arm64"), ("deb-6.12", "6.12", "x86_64")):
            self.write(f"lanes/{name}.lane", DEBIAN.format(line=line, arch=arch))
        self.write("lanes/src-6.6.lane", SOURCE)

    def test_default_is_the_debian_lanes_in_the_module_range(self) -> None:
        run, left = matrix.chosen("")
        self.assertEqual(run, ["deb-6.1", "deb-6.1-arm64", "deb-6.12"])
        self.assertEqual([n for n, _ in left], ["deb-4.19"])
        self.assertIn("outside module.mk's 5.10..7.2", left[0][1])

    def test_a_source_lane_joins_once_built(self) -> None:
        self.write("build/lanes/src-6.6/source.json",
                   '{"source": "/t", "sha256": "", "full": false, "fragments": []}')
        self.assertIn("src-6.6", matrix.chosen("")[0])

    def test_names_and_globs(self) -> None:
        self.assertEqual(matrix.chosen("deb-6.1*")[0], ["deb-6.1", "deb-6.1-arm64", "deb-6.12"])
        self.assertEqual(matrix.chosen("*-arm64 deb-6.1")[0], ["deb-6.1-arm64", "deb-6.1"])
        self.assertEqual(matrix.chosen("deb-6.12, src-6.6")[0], ["deb-6.12", "src-6.6"])
        with self.assertRaisesRegex(BadInput, r"LANES=nope: nope names no lane"):
            matrix.chosen("nope")

    def test_width_is_at_least_one(self) -> None:
        self.assertGreaterEqual(matrix.width(), 1)
