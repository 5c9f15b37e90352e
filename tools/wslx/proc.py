# SPDX-License-Identifier: GPL-2.0-only
"""Running children so that nothing outlives the run that started them.

Each child gets its own process group (so the terminal's Ctrl-C reaches
wslx alone, not half of a pipeline) and is ended with its whole group when
wslx is interrupted (SIGINT, SIGTERM, SIGHUP), when it overstays its
timeout, or when anything else goes wrong. Arguments are always lists:
no value from a user or a lane is ever pasted into a shell.

A long child shows progress: a line every PROGRESS_EVERY seconds with
what it is doing and for how long.
"""
import ctypes
import os
import select
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Callable, Mapping, Optional, Sequence

from wslx import ui
from wslx.errors import Interrupted, WslxError

PROGRESS_FIRST = 10.0
PROGRESS_EVERY = 30.0
GRACE = 2.0   # seconds between SIGTERM and SIGKILL for a child's group


@dataclass
class Finished:
    returncode: int
    seconds: float
    timed_out: bool = False


_PR_SET_PDEATHSIG = 1
# Looked up once here: a forked child should call, not load.
_LIBC = ctypes.CDLL(None, use_errno=True)


def dies_with_parent(parent: int) -> Callable[[], None]:
    """A child's first act: be killed when the process that started it dies. A run
    killed outright (SIGKILL, the OOM killer) can end nothing itself, and an
    orphaned dpkg-deb or QEMU would run on, writing into what the next run
    cleans up."""
    def arm() -> None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:   # the parent died before the line above
            os._exit(1)
    return arm


def _raise_interrupted(signum: int, frame: Optional[FrameType]) -> None:
    raise Interrupted(signal.Signals(signum).name)


def install_signal_handlers() -> None:
    """SIGINT, SIGTERM and SIGHUP become Interrupted in the main thread."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise_interrupted)


def end_group(child: "subprocess.Popen[bytes]") -> None:
    """End child's whole process group: SIGTERM, a grace period, then SIGKILL."""
    for sig, wait in ((signal.SIGTERM, GRACE), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            break
        try:
            child.wait(timeout=wait)
            # The leader is gone; stragglers in its group get the same signal.
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            break
        except subprocess.TimeoutExpired:
            continue
        break


def _exited(child: "subprocess.Popen[bytes]", seconds: float) -> bool:
    """Wait up to seconds for child to end. A pidfd wakes us the moment it does:
    Popen.wait(timeout=) polls with sleeps of up to 50 ms, which a short boot shows."""
    try:
        fd = os.pidfd_open(child.pid)
    except OSError:   # the child is already reaped, or an old kernel
        try:
            child.wait(timeout=seconds)
            return True
        except subprocess.TimeoutExpired:
            return False
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        if not poller.poll(seconds * 1000):
            return False
    finally:
        os.close(fd)
    child.wait()
    return True


def run(argv: Sequence[str | os.PathLike[str]], *, log: Optional[Path] = None,
        stdout: Optional[IO[bytes]] = None, cwd: Optional[Path] = None,
        env: Optional[Mapping[str, str]] = None, timeout: Optional[float] = None,
        progress: Optional[str] = None, stdin: Optional[IO[bytes]] = None,
        group_file: Optional[Path] = None) -> Finished:
    """Run argv to its end (or its timeout); output to log (stdout and stderr) or stdout.

    group_file, when given, holds the child's process group while it runs: if this
    process is killed outright, the child's own children outlive it (only the child
    itself dies with it), and whoever cleans up after it ends that group
    (end_left_group)."""
    args = [os.fspath(a) for a in argv]
    out: Optional[IO[bytes]] = None
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        out = open(log, "ab")
    start = time.monotonic()
    try:
        child = subprocess.Popen(
            args, cwd=cwd, env=dict(env) if env is not None else None,
            stdin=stdin if stdin is not None else subprocess.DEVNULL,
            stdout=out if out is not None else stdout,
            stderr=subprocess.STDOUT if out is not None else None,
            start_new_session=True, preexec_fn=dies_with_parent(os.getpid()))
    except FileNotFoundError:
        if out:
            out.close()
        raise WslxError(f"{args[0]}: not found (run: make deps)") from None
    if group_file is not None:
        try:
            group_file.write_text(f"{child.pid}\n")
        except OSError:
            pass   # a full disk: the cleanup loses a hint, the run its child's name
    try:
        next_note = start + PROGRESS_FIRST
        while True:
            now = time.monotonic()
            limit = next_note if progress else now + 3600
            if timeout is not None:
                limit = min(limit, start + timeout)
            if _exited(child, max(0.0, limit - now)):
                break
            now = time.monotonic()
            if timeout is not None and now - start >= timeout:
                end_group(child)
                return Finished(child.returncode, now - start, timed_out=True)
            if progress and now >= next_note:
                ui.info(f"... {progress}: {ui.duration(now - start)}")
                next_note = now + PROGRESS_EVERY
        # The leader is done; helpers it left in its group are ended too.
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return Finished(child.returncode, time.monotonic() - start)
    except BaseException:
        end_group(child)
        raise
    finally:
        if out:
            out.close()
        if group_file is not None:
            group_file.unlink(missing_ok=True)


def end_left_group(group_file: Path, mark: str) -> None:
    """End what is left of the process group a killed run recorded in group_file: its
    members whose command line names mark (a folder of the run's own), so that a
    recycled group id is never anybody else's."""
    try:
        group = int(group_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace")
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and mark in cmdline:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
            except ProcessLookupError:
                pass


def capture(argv: Sequence[str | os.PathLike[str]], *, cwd: Optional[Path] = None,
            env: Optional[Mapping[str, str]] = None, check: bool = True,
            what: str = "", input: Optional[str] = None) -> str:
    """A short child's stdout as text (input, if given, on its stdin); on failure a
    WslxError with its stderr's last line."""
    args = [os.fspath(a) for a in argv]
    try:
        done = subprocess.run(args, cwd=cwd, env=dict(env) if env is not None else None,
                              input=input,
                              stdin=subprocess.DEVNULL if input is None else None,
                              capture_output=True, text=True,
                              errors="replace", start_new_session=True)
    except FileNotFoundError:
        raise WslxError(f"{args[0]}: not found (run: make deps)") from None
    if check and done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise WslxError(f"{what or args[0]} failed (exit {done.returncode}): {last}")
    return done.stdout


def last_line(log: Path) -> str:
    """The last line a child wrote to its log ("" if none): its own words on a failure."""
    try:
        lines = log.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1].strip() if lines else ""
