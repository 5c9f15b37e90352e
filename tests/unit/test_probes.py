# SPDX-License-Identifier: GPL-2.0-only
"""The probe catalogue as data: every probe describes itself, and answers that
contradict a probe's own expect: line are named."""
import unittest
from pathlib import Path

from helpers import ScratchTest
from wslx import probes
from wslx.errors import WslxError

GROUPS = {"char/misc", "block", "net", "media/V4L2", "DRM", "input", "USB", "PCI", "platform",
          "timers", "memory", "fs", "procfs/sysfs/debugfs", "core", "toolchain"}


class Catalogue(unittest.TestCase):
    def setUp(self) -> None:
        self.catalog = probes.catalogue(probes.folder())

    def test_at_least_100_distinct_questions(self) -> None:
        macros = [p.macro for p in self.catalog]
        self.assertEqual(len(macros), len(set(macros)), "two probes define one macro")
        self.assertGreaterEqual(len(self.catalog), 100)

    def test_each_probe_describes_itself(self) -> None:
        for p in self.catalog:
            with self.subTest(p.name):
                self.assertRegex(p.macro, r"^[A-Z][A-Z0-9_]*$")
                self.assertIn(p.group, GROUPS)
                self.assertTrue(p.since, "no since: line")
                self.assertGreaterEqual(len(p.expect), 2, "checked on fewer than two lines")

    def test_no_question_is_no_everywhere(self) -> None:
        # A probe that says "no" on every kernel it was checked on asks nothing
        # (or cannot compile for another reason): only the failing canary may.
        for p in self.catalog:
            if p.kind != "canary-no":
                with self.subTest(p.name):
                    self.assertIn("yes", p.expect.values())

    def test_most_questions_change_across_the_checked_lines(self) -> None:
        changing = [p for p in self.catalog if len(set(p.expect.values())) == 2]
        self.assertGreaterEqual(len(changing), 75)


class Contradictions(ScratchTest):
    def probe(self, name: str, expect: str) -> Path:
        path = self.tmp / f"{name}.c"
        path.write_text("// SPDX-License-Identifier: GPL-2.0-only\n/*\n"
                        f" * probe: HAVE_{name.upper()}\n * kind: compile\n * group: core\n"
                        f" * since: 6.2\n * expect: {expect}\n * why: test\n */\n")
        return path

    def test_a_contradicting_answer_is_named_with_its_file(self) -> None:
        self.probe("a", "6.1=no 6.12=yes")
        self.probe("b", "6.1=no 6.12=yes")
        self.probe("c", "5.10=yes")
        got = {"a": "yes", "b": "no", "c": "no"}
        catalog = probes.catalogue(self.tmp)
        lines = [m for _, m in probes.contradictions(catalog, got, "6.12.117+deb12-amd64")]
        self.assertEqual(len(lines), 1)
        self.assertIn("probes/b.c answered 'no' on 6.12.117+deb12-amd64", lines[0])
        self.assertIn("expects 'yes' on 6.12", lines[0])
        self.assertEqual([m for _, m in probes.contradictions(catalog, got, "6.1.0-1-amd64")],
                         ["probes/a.c answered 'yes' on 6.1.0-1-amd64; its header expects 'no' "
                          "on 6.1 (a missing include or a changed API: see the probe log)"])

    def test_a_malformed_expect_line_names_the_file(self) -> None:
        path = self.probe("bad", "6.12:yes")
        with self.assertRaisesRegex(WslxError, rf"{path}: ' \* expect:' wants items like"):
            probes.parse(path)

    def test_answers_come_from_the_runners_table(self) -> None:
        tsv = self.tmp / "probes.tsv"
        tsv.write_text("probe\tmacro\tkind\tanswer\tseconds\tmethod\n"
                       "a\tHAVE_A\tcompile\tyes\t0.010\tbatch\n"
                       "s\tHAVE_S\tsymbol\tno\t0.000\tsymvers\n")
        self.assertEqual(probes.answers(tsv), {"a": "yes", "s": "no"})


class Flavours(ScratchTest):
    def test_a_flavour_item_wins_over_its_line(self) -> None:
        path = self.tmp / "p.c"
        path.write_text("/*\n * probe: HAVE_P\n * kind: compile\n"
                        " * expect: 6.1=yes 6.1-rt=no\n */\n")
        p = probes.parse(path)
        self.assertEqual(probes.expected(p, "6.1.0-57-rt-amd64"), ("6.1-rt", "no"))
        self.assertEqual(probes.expected(p, "6.1.0-57-amd64"), ("6.1", "yes"))
        self.assertEqual(probes.expected(p, "6.1.0-57-cloud-amd64"), ("6.1", "yes"))
        self.assertEqual(probes.expected(p, "6.12.1-rt-amd64"), ("6.12", ""))


class FirstError(ScratchTest):
    def test_found_by_file_name_in_a_log_from_another_folder(self) -> None:
        path = self.tmp / "size_add.c"
        path.write_text("/*\n * probe: HAVE_SIZE_ADD\n * kind: compile\n */\n")
        log = self.tmp / "probes.log"
        log.write_text("/elsewhere/probes/other.c:3:1: error: nope\n"
                       "/elsewhere/probes/size_add.c: In function 'f':\n"
                       "/elsewhere/probes/size_add.c:14:16: error: implicit declaration of "
                       "function 'size_adx'\n")
        self.assertEqual(probes.first_error(log, probes.parse(path)),
                         "size_add.c:14:16: error: implicit declaration of function 'size_adx'")
