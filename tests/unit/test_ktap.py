# SPDX-License-Identifier: GPL-2.0-only
"""The KTAP/TAP parser on the shapes wslx meets: nested modcheck KTAP, kselftest TAP, noise."""
import unittest

from wslx import ktap

LANE = """KTAP version 1
1..5
ok 1 prepare debian-6.1 # 6.1.0-40-amd64
ok 2 build mydriver.ko
    KTAP version 1
    1..3
    ok 1 vermagic
    not ok 2 crc of module_layout # 0x1234 here, 0x5678 in the kernel
    ok 3 signature # SKIP not signed
not ok 3 verify # not ok 2 crc of module_layout
ok 4 smoke in QEMU # SKIP an earlier step failed
ok 5 kselftest # SKIP an earlier step failed
"""

KSELFTEST = """TAP version 13\r
1..3\r
# Starting 3 tests from 1 test cases.\r
#  RUN           ring.write_read ...\r
#            OK  ring.write_read\r
ok 1 ring.write_read\r
[   12.345] random kernel line on the channel\r
not ok 2 ring.overflow\r
ok 3 ring.todo # TODO later\r
# Totals: pass:2 fail:1 xfail:0 xpass:0 skip:0 error:0\r
"""


class Parse(unittest.TestCase):
    def test_nested_block_belongs_to_next_result(self) -> None:
        doc = ktap.parse(LANE)
        self.assertEqual((doc.version, doc.plan, len(doc.results)), ("KTAP version 1", 5, 5))
        verify = doc.results[2]
        self.assertEqual((verify.name, verify.status), ("verify", "fail"))
        self.assertEqual(verify.note, "not ok 2 crc of module_layout")
        self.assertEqual(verify.subtests.plan, 3)
        self.assertEqual([r.status for r in verify.subtests.results], ["pass", "fail", "skip"])
        self.assertEqual(doc.results[1].subtests.results, [])

    def test_counts_and_first_failure(self) -> None:
        doc = ktap.parse(LANE)
        self.assertEqual(str(doc.counts()), "2 passed, 1 failed, 2 skipped")
        first = doc.first_failure()
        assert first is not None
        self.assertEqual(first.name, "crc of module_layout")
        self.assertTrue(doc.complete())
        self.assertFalse(doc.passed())
        found = doc.find("smoke")
        assert found is not None
        self.assertEqual((found.directive, found.note), ("SKIP", "an earlier step failed"))

    def test_kselftest_tap_with_crlf_and_noise(self) -> None:
        doc = ktap.parse(KSELFTEST)
        self.assertEqual(doc.version, "TAP version 13")
        self.assertEqual([r.name for r in doc.results],
                         ["ring.write_read", "ring.overflow", "ring.todo"])
        self.assertEqual(doc.results[0].diagnostics[-1], "OK  ring.write_read")
        self.assertEqual(doc.results[2].directive, "TODO")
        self.assertEqual(str(doc.counts()), "2 passed, 1 failed, 0 skipped")
        self.assertEqual(doc.noise, ["[   12.345] random kernel line on the channel"])

    def test_incomplete_stream_is_not_a_pass(self) -> None:
        doc = ktap.parse("KTAP version 1\n1..3\nok 1 a\nok 2 b\n")
        self.assertFalse(doc.complete())
        self.assertFalse(doc.passed())
        self.assertFalse(ktap.parse("").passed())
        bailed = ktap.parse("1..1\nBail out! no module\nok 1 a\n")
        self.assertEqual(bailed.bail_out, "no module")
        self.assertFalse(bailed.passed())

    def test_quoted_ktap_in_diagnostics_is_not_counted(self) -> None:
        doc = ktap.parse("1..1\n# not ok 7 quoted\nok 1 real\n")
        self.assertEqual(str(doc.counts()), "1 passed, 0 failed, 0 skipped")
        self.assertTrue(doc.passed())

    def test_unnumbered_and_dash_results(self) -> None:
        doc = ktap.parse("1..2\nok - first thing\nnot ok - second # why\n")
        self.assertEqual([(r.number, r.name) for r in doc.results],
                         [(1, "first thing"), (2, "second")])
        self.assertEqual(doc.results[1].note, "why")

    def test_writer_round_trip(self) -> None:
        lines = [ktap.result_line(1, "a", "pass", "fine"), ktap.result_line(2, "b", "fail"),
                 ktap.result_line(3, "c", "skip", "no tests")]
        text = "KTAP version 1\n1..3\n" + ktap.indent("1..1\nok 1 inner\n") + "\n".join(lines)
        doc = ktap.parse(text)
        self.assertEqual([r.status for r in doc.results], ["pass", "fail", "skip"])
        self.assertEqual(doc.results[0].subtests.results[0].name, "inner")
        self.assertEqual(doc.results[2].note, "no tests")
