# SPDX-License-Identifier: GPL-2.0-only
"""The ways a command ends early, each shown as one line.

WslxError is a failed step ("wslx: error: ...", exit 1), BadInput a wrong
option, variable or name (the same line, exit 2); LaneSkipped
is a lane that cannot run here for a reason outside the project, such as
its packages leaving the archive ("wslx: skip: ...", exit status 77, which
callers count as a skip, never as a pass).
"""


class WslxError(Exception):
    """A one-line error naming the file, lane, kernel or option at fault."""


class BadInput(WslxError):
    """An option, variable or file the user gave is wrong: exit status 2, so that
    a caller can tell a mistyped request from a module that failed (1)."""


class LaneSkipped(Exception):
    """The lane cannot run here; the message says why."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: children are ended and the run recorded as such.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception``
    on the way up swallows it.
    """

    def __init__(self, signame: str) -> None:
        super().__init__(signame)
        self.signame = signame


def oserror_line(err: OSError) -> str:
    """An OSError as one line naming the file: "build/x: Read-only file system"."""
    where = f"{err.filename}: " if err.filename else ""
    return f"{where}{err.strerror or err}"
