# SPDX-License-Identifier: GPL-2.0-only
"""Children end with the run: timeouts and signals take the whole process group."""
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import ScratchTest
from wslx import proc
from wslx.errors import WslxError

TOOLS = str(Path(__file__).resolve().parents[2] / "tools")

# A parent that runs a long child (which itself starts a grandchild, as
# timeout and qemu do) and writes the pids it sees before waiting.
SCRIPT = r"""
import sys
sys.path.insert(0, %r)
from wslx import proc
from wslx.errors import Interrupted
proc.install_signal_handlers()
try:
    proc.run(["sh", "-c", "sleep 300 & echo $! > %s/grandchild; echo $$ > %s/child; wait"])
except Interrupted as e:
    print("interrupted by", e.signame, flush=True)
    sys.exit(130)
"""


def alive(pid: int, grace: float = 3.0) -> bool:
    """Whether pid still runs after grace seconds (a signal takes effect when it is scheduled)."""
    deadline = time.monotonic() + grace
    while True:
        try:
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().split(")")[-1].split()[0]
        except FileNotFoundError:
            return False
        if state == "Z":      # a zombie is dead for our purpose
            return False
        if time.monotonic() > deadline:
            return True
        time.sleep(0.05)


class Children(ScratchTest):
    def start_parent(self) -> "subprocess.Popen[str]":
        script = SCRIPT % (TOOLS, self.tmp, self.tmp)
        parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                                  text=True)
        for _ in range(100):
            if (self.tmp / "grandchild").exists() and (self.tmp / "child").exists():
                break
            time.sleep(0.05)
        return parent

    def pids(self) -> list[int]:
        return [int((self.tmp / n).read_text()) for n in ("child", "grandchild")]

    def check_signal(self, sig: int, name: str) -> None:
        parent = self.start_parent()
        kids = self.pids()
        start = time.monotonic()
        parent.send_signal(sig)
        out, _ = parent.communicate(timeout=20)
        self.assertLess(time.monotonic() - start, 10)
        self.assertEqual(parent.returncode, 130)
        self.assertIn(f"interrupted by {name}", out)
        for pid in kids:
            self.assertFalse(alive(pid), f"pid {pid} survived {name}")

    def test_sigint_ends_the_whole_group(self) -> None:
        self.check_signal(signal.SIGINT, "SIGINT")

    def test_sigterm_ends_the_whole_group(self) -> None:
        self.check_signal(signal.SIGTERM, "SIGTERM")

    def test_timeout_ends_the_whole_group(self) -> None:
        start = time.monotonic()
        done = proc.run(["sh", "-c", f"sleep 300 & echo $! > {self.tmp}/g; wait"], timeout=1)
        self.assertTrue(done.timed_out)
        self.assertLess(time.monotonic() - start, 6)
        self.assertFalse(alive(int((self.tmp / "g").read_text())))

    def test_exit_status_and_log(self) -> None:
        log = self.tmp / "log"
        done = proc.run(["sh", "-c", "echo out; echo err >&2; exit 3"], log=log)
        self.assertEqual((done.returncode, done.timed_out), (3, False))
        self.assertEqual(log.read_text(), "out\nerr\n")

    def test_arguments_are_never_shell_text(self) -> None:
        odd = "a'b; touch " + str(self.tmp / "injected") + " #"
        self.assertEqual(proc.capture(["printf", "%s", odd]), odd)
        self.assertFalse((self.tmp / "injected").exists())

    def test_capture_failure_is_one_line(self) -> None:
        with self.assertRaisesRegex(WslxError, r"^thing failed \(exit 2\): last$"):
            proc.capture(["sh", "-c", "echo first >&2; echo last >&2; exit 2"], what="thing")
