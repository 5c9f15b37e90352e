# SPDX-License-Identifier: GPL-2.0-only
"""Locks between runs: a run that waits names the process it waits for."""
import contextlib
import io
import os
import subprocess
import sys
import time

from helpers import ScratchTest
from wslx import locks, paths


class Holder(ScratchTest):
    def test_a_waiting_run_names_the_holder(self) -> None:
        lock = self.tmp / ".lock"
        # A longer mark left by an earlier holder must not show through.
        lock.write_text("pid 1234567890\nleft over\n")
        ready = self.tmp / "ready"
        child = subprocess.Popen(
            [sys.executable, "-c",
             "import sys, time, pathlib\n"
             f"sys.path.insert(0, {str(paths.ROOT / 'tools')!r})\n"
             "from wslx import locks\n"
             f"with locks.held(pathlib.Path({str(lock)!r}), 'test'):\n"
             f"    pathlib.Path({str(ready)!r}).touch()\n"
             "    time.sleep(0.5)\n"])
        self.addCleanup(child.wait)
        for _ in range(200):
            if ready.exists():
                break
            time.sleep(0.02)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), locks.held(lock, "the test lock"):
            self.assertEqual(lock.read_text(), f"pid {os.getpid()}\n")
        self.assertIn(f"waiting for the test lock: locked by pid {child.pid} ({lock})",
                      err.getvalue())
