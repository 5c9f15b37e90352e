# SPDX-License-Identifier: GPL-2.0-only
"""Guest plans made from tables, and commands wrapped for a build root: argument lists."""
import json
import os
import shlex
import unittest
from pathlib import Path

from wslx import buildroot, suites


class FaultPlan(unittest.TestCase):
    def test_one_step_per_case_derived_from_the_tables(self) -> None:
        steps = suites.fault_steps()
        self.assertEqual(len(steps), 2 * len(suites.INIT_POINTS) + len(suites.CLEAN_CASES) +
                         len(suites.REFUSED))
        self.assertEqual(len(set(steps)), len(steps))

    def test_plan_lines_parse_as_shell_words(self) -> None:
        plan = suites.fault_plan()
        for p in suites.INIT_POINTS:
            self.assertIn(f"--params fault={p.name}=fail /wslx/m.ko", plan)
        for line in plan.splitlines():
            shlex.split(line)          # balanced quoting on every line
        self.assertIn("--run '! test -e /sys/kernel/debug/wslx_ring'", plan)


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
