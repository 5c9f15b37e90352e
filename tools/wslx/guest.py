# SPDX-License-Identifier: GPL-2.0-only
"""Booting a kernel in QEMU (TCG) with a plan, and reading what came back.

The plan's output (KTAP) comes back on the results port (the arch table
says which), the kernel's console on the first serial port, each into a
file of this run's own folder; a run never reads another run's files. The
guest ends itself (reboot -f with QEMU's -no-reboot); a hard timeout ends
a guest that does not. The verdict is read from the guest's own marker
line, never from QEMU's exit status (QEMU exits 0 after a guest panic,
too).
"""
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from wslx import guestmodcheck, initramfs, proc, ui
from wslx.arch import Arch
from wslx.errors import WslxError

DONE = re.compile(r"^# wslx-guest: done rc=(\d+)\s*$", re.M)
SECTION = "# wslx-section: "
# Where a kernel says something went badly wrong, first line of an excerpt.
TROUBLE = re.compile(r"(BUG:|Oops|general protection fault|Kernel panic|WARNING:|"
                     r"Unable to handle|UBSAN:|KASAN:|kernel BUG|Call Trace:|"
                     r"VFS: Unable to mount)")
EXCERPT = 16


@dataclass
class Outcome:
    state: str                 # done, timeout, died, qemu (QEMU itself failed)
    rc: Optional[int]          # the plan's exit status when done
    seconds: float
    channel: str               # what the plan printed
    console: Path
    excerpt: list[str] = field(default_factory=list)   # the console where trouble began
    last_result: str = ""      # the last result line the guest printed
    qemu_said: str = ""        # QEMU's last line when it failed before any console output

    def sections(self) -> dict[str, str]:
        """The channel split at "# wslx-section: NAME" lines; before the first: ""."""
        parts: dict[str, str] = {"": ""}
        name = ""
        for line in self.channel.splitlines(keepends=True):
            if line.startswith(SECTION):
                name = line[len(SECTION):].strip()
                parts.setdefault(name, "")
            elif not DONE.match(line):
                parts[name] += line
        return parts

    def why(self) -> str:
        """One line: how the guest ended, when not by finishing its plan."""
        if self.state == "timeout":
            where = f" (last result: {self.last_result})" if self.last_result else \
                " (before any result)"
            return f"guest did not finish within {self.seconds:.0f}s: ended by the timeout{where}"
        if self.state == "qemu":
            return f"QEMU failed after {self.seconds:.0f}s before the kernel printed anything: " \
                f"{self.qemu_said}"
        if self.state == "died":
            return (f"guest ended after {self.seconds:.0f}s without finishing its plan "
                    "(panic or boot failure)")
        return f"plan exited with status {self.rc}"


def excerpt(console: str) -> list[str]:
    lines = console.splitlines()
    for i, line in enumerate(lines):
        if TROUBLE.search(line):
            return lines[max(0, i - 2):i + EXCERPT]
    return lines[-6:]


def boot(arch: Arch, image: Path, initrd: Path, out: Path, timeout: float,
         memory_mb: int = 256, marker: str = "", qemu_extra: tuple[str, ...] = ()) -> Outcome:
    """Boot image with initrd; console.log, channel.log (the plan's output), qemu.log in out.
    qemu_extra: more QEMU options (the patch stack's instruction-counting clock)."""
    if not image.is_file():
        raise WslxError(f"{image}: no such kernel image")
    # QEMU runs in out (below): every path it is given must not depend on the caller's
    # working folder.
    image, initrd = image.absolute(), initrd.absolute()
    for name in ("console.log", "channel.log", "qemu.log"):
        (out / name).unlink(missing_ok=True)
    # QEMU's -serial file: takes no commas in a path: run it in out with plain names.
    # wslx_results= is no kernel parameter: the kernel hands it to /init as a
    # variable, which names the port the plan's output goes to.
    cmdline = f"console={arch.console} panic=-1 {arch.kernel_args} rdinit=/init " \
        f"wslx_results={arch.results_console}"
    argv = [arch.qemu, *arch.qemu_machine, "-m", str(memory_mb), "-display", "none",
            "-no-reboot", "-serial", "file:console.log", *arch.results_device,
            "-kernel", str(image), "-initrd", str(initrd), "-append", " ".join(cmdline.split()),
            *qemu_extra]
    if not shutil.which(arch.qemu):
        raise WslxError(f"{arch.qemu} not found: install its Debian package (make deps)")
    ui.step(f"booting {image.name} in QEMU (TCG, timeout {timeout:.0f}s)")
    stop = threading.Event()
    if marker:
        # A long plan reports how far it is: show its latest such line.
        threading.Thread(target=_follow, args=(out / "channel.log", marker, stop),
                         daemon=True).start()
    try:
        done = proc.run(argv, cwd=out, log=out / "qemu.log", timeout=timeout,
                        progress=None if marker else "guest running")
    finally:
        stop.set()
    channel = _read(out / "channel.log").replace("\r\n", "\n")
    console_text = _read(out / "console.log")
    results = [ln for ln in channel.splitlines() if re.match(r"^\s*(not )?ok \d", ln)]
    finished = DONE.search(channel)
    if finished and not done.timed_out:
        state, rc = "done", int(finished.group(1))
    else:
        state, rc = ("timeout" if done.timed_out else "died"), None
    qemu_said = ""
    if state == "died" and done.returncode != 0 and not console_text.strip():
        # QEMU exits 0 after a guest panic; non-zero with an empty console
        # means it never ran the kernel (bad option, missing firmware, ...).
        state = "qemu"
        qemu_said = proc.last_line(out / "qemu.log") or f"exit status {done.returncode}"
    trouble = excerpt(console_text) if (state != "done" or rc != 0
                                        or TROUBLE.search(console_text)) else []
    return Outcome(state, rc, done.seconds, channel, out / "console.log", trouble,
                   results[-1].strip() if results else "", qemu_said)


def _follow(channel: Path, marker: str, stop: threading.Event) -> None:
    started = time.monotonic()
    while not stop.wait(30):
        lines = [ln for ln in _read(channel).splitlines() if ln.startswith(marker)]
        last = lines[-1][len(marker):].strip() if lines else "no progress line yet"
        ui.info(f"{ui.duration(time.monotonic() - started)}: {last}")


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode(errors="replace")
    except FileNotFoundError:
        return ""


def prepare_initrd(arch: Arch, files: list[tuple[Path, str]], plan: str, out: Path) -> Path:
    """The run's initramfs in out for an arch guest: the base archive (busybox, the
    guest's static modcheck, the init), the files, and /plan.sh."""
    (out / "plan.sh").write_text(plan)
    os.chmod(out / "plan.sh", 0o755)
    initrd = out / "initramfs.cpio"
    initramfs.run_archive(initramfs.base_archive(arch, guestmodcheck.modcheck(arch)),
                          [*files, (out / "plan.sh", "plan.sh")], initrd)
    return initrd
