# SPDX-License-Identifier: GPL-2.0-only
"""The two ways a command ends early, each shown as one line.

WslxError is bad input or a failed step ("wslx: error: ..."); LaneSkipped
is a lane that cannot run here for a reason outside the project, such as
its packages leaving the archive ("wslx: skip: ...", exit status 77, which
callers count as a skip, never as a pass).
"""


class WslxError(Exception):
    """A one-line error naming the file, lane, kernel or option at fault."""


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
