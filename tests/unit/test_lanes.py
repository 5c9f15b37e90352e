# SPDX-License-Identifier: GPL-2.0-only
"""Lane files: the repository's lanes load; bad ones fail naming file, line and key."""
import os

from helpers import ScratchTest
from wslx import lanes, paths
from wslx.errors import WslxError

GOOD = """# comment
kind=debian
description=a lane
arch=x86_64
line=6.1
image_meta=linux-image-amd64
headers_meta=linux-headers-amd64
"""


class LaneFiles(ScratchTest):
    def error(self, name: str) -> str:
        with self.assertRaises(WslxError) as ctx:
            lanes.load(name)
        return str(ctx.exception)

    def test_every_repository_lane_loads(self) -> None:
        os.environ["WSLX_LANES_DIR"] = str(paths.ROOT / "ci" / "lanes")
        names = lanes.names()
        self.assertIn("debian-6.1", names)
        for name in names:
            lane = lanes.load(name)
            self.assertEqual(lane.name, name)
            # The arch is in the name when it is not x86_64 (the lane table says so).
            self.assertEqual(lane.arch.name, "arm64" if "-arm64" in name else "x86_64", name)

    def test_good_lane(self) -> None:
        self.write("lanes/ok.lane", GOOD)
        lane = lanes.load("ok")
        self.assertEqual((lane.kind, lane.line, lane.arch.kbuild), ("debian", "6.1", "x86"))
        self.assertEqual(lane.get("image_meta"), "linux-image-amd64")

    def test_misspelled_key_names_file_line_and_hint(self) -> None:
        self.write("lanes/typo.lane", GOOD.replace("image_meta", "imgae_meta"))
        msg = self.error("typo")
        self.assertIn("typo.lane:6: unknown key 'imgae_meta'", msg)
        self.assertIn("did you mean 'image_meta'", msg)

    def test_key_of_another_kind_is_unknown(self) -> None:
        self.write("lanes/mixed.lane", GOOD + "source_tag=v6.6\n")
        self.assertIn("mixed.lane:8: unknown key 'source_tag'", self.error("mixed"))

    def test_missing_required_key(self) -> None:
        self.write("lanes/short.lane", GOOD.replace("line=6.1\n", ""))
        self.assertIn("short.lane: required key 'line' is missing", self.error("short"))

    def test_repeated_key(self) -> None:
        self.write("lanes/twice.lane", GOOD + "line=6.2\n")
        self.assertIn("twice.lane:8: key 'line' repeats line 5", self.error("twice"))

    def test_unknown_arch_and_kind(self) -> None:
        self.write("lanes/arch.lane", GOOD.replace("x86_64", "sparc"))
        self.assertIn("arch=sparc: not in the arch table", self.error("arch"))
        self.write("lanes/kind.lane", GOOD.replace("kind=debian", "kind=tarball"))
        self.assertIn("kind=tarball: not one of debian, source", self.error("kind"))

    def test_bad_values(self) -> None:
        self.write("lanes/line.lane", GOOD.replace("line=6.1", "line=six"))
        self.assertIn("line=six: not a kernel line", self.error("line"))
        self.write("lanes/noeq.lane", GOOD + "just words\n")
        self.assertIn("noeq.lane:8: not a 'key=value' line", self.error("noeq"))

    def test_lane_names(self) -> None:
        self.assertIn("LANE=../x: not a lane name", self.error("../x"))
        self.write("lanes/ok.lane", GOOD)
        self.assertIn("LANE=nope: no such lane (known: ok)", self.error("nope"))
