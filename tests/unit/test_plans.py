# SPDX-License-Identifier: GPL-2.0-only
"""Guest plans made from tables, and commands wrapped for a build root: argument lists."""
import json
import os
import shlex
import tempfile
import unittest
from pathlib import Path

from wslx import buildroot, suites
from wslx.errors import WslxError


class FaultPlan(unittest.TestCase):
    INI = """[module]
device = /dev/thing
[init alloc]
error = Cannot allocate memory
[clean io]
params = fault=io=fail
run = ! test -e '/sys/kernel/debug/it s'
[refused bad]
params = fault=nowhere=fail
log = thing: unknown fault location 'nowhere'
what = an unknown fault location
"""

    def cases(self, text: str) -> suites.Cases:
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "faults.ini"
            path.write_text(text)
            return suites.cases(path)

    def test_one_step_per_case_derived_from_the_file(self) -> None:
        c = self.cases(self.INI)
        steps = suites.fault_steps(c)
        self.assertEqual(len(steps), 2 * 1 + 1 + 1)
        self.assertEqual(len(set(steps)), len(steps))
        self.assertEqual(suites.fault_steps(suites.cases()), suites.fault_steps(suites.cases()))

    def test_plan_lines_parse_as_shell_words(self) -> None:
        plan = suites.fault_plan(self.cases(self.INI))
        self.assertIn("--params fault=alloc=fail /wslx/m.ko", plan)
        self.assertIn("[ -e /dev/thing ]", plan)
        for line in plan.splitlines():
            shlex.split(line)          # balanced quoting on every line

    def test_bad_files_are_one_line_errors(self) -> None:
        with self.assertRaisesRegex(WslxError, r"faults\.ini: \[bogus\]: not module, init"):
            self.cases(self.INI + "[bogus]\n")
        with self.assertRaisesRegex(WslxError, r"faults\.ini: missing key or section 'error'"):
            self.cases("[module]\ndevice = /dev/x\n[init a]\n")
        with self.assertRaisesRegex(WslxError, r"nothing\.ini: no fault cases"):
            suites.cases(Path("/nonexistent/nothing.ini"))


class BuildRootWrap(unittest.TestCase):
    def test_values_travel_as_one_json_argument(self) -> None:
        if os.geteuid() != 0:
            self.skipTest("wrapping for a build root needs root")
        odd = "it's $(here); `x`"
        argv = buildroot.wrap(["/bin/echo", odd], Path("/srv/root"), Path("/"),
                              env={"WSLX_VARIANT": "fault", "SECRET": "no"})
        self.assertEqual(argv[:5], ["unshare", "--mount", "--propagation", "private", "--"])
        spec = json.loads(argv[-1])
        self.assertEqual(spec["argv"], ["/bin/echo", odd])
        self.assertEqual(spec["root"], "/srv/root")
        self.assertEqual(spec["env"]["WSLX_VARIANT"], "fault")
        self.assertNotIn("SECRET", spec["env"])   # only what the shipped scripts read
