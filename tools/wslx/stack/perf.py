# SPDX-License-Identifier: GPL-2.0-only
"""Performance deltas of a cycle: the base kernel against the base with the
series, boot to user space and each chosen kselftest's duration, over
several boots of each in the same run (alternating, so that a change in the
machine's load reaches both sides alike).

Times come from the guest's own clock (/proc/uptime, hundredths of a
second): boot is the uptime when the plan starts, a test the uptime around
its first attempt. The stack's guests run with QEMU's instruction counter
as their clock (CLOCK: -icount, 2^5 ns per instruction): under TCG the
host's speed and load change from one boot to the next (measured here: 0.64
to 0.77 s for the same boot on a quiet machine), the instructions a kernel
executes do not (2.19 s in each of three boots, also with both cores busy),
so a delta measures the work the series adds, not the machine's weather.
Idle time (a test that sleeps) still passes as real time. A delta is
judged only with two boots or more per side: "beyond the spread" when the
two sides' ranges do not overlap and the medians differ by more than the
noise floor (FLOOR_SECONDS, or FLOOR_SHARE of the base's median, whichever
is larger).
"""
import re
import statistics
from dataclasses import dataclass

USERSPACE = re.compile(r"^# wslx-userspace (\d+)$", re.M)
FIRST = re.compile(r"^# wslx-attempt (\S+) 1 rc=\d+ cs=(\d+)$", re.M)
FLOOR_SECONDS = 0.05
FLOOR_SHARE = 0.10
CLOCK = ("-icount", "shift=5")
BOOT = "boot to user space"


@dataclass
class Sample:
    """One boot's timings: seconds to user space, and test -> seconds of its first attempt."""
    boot: float
    tests: dict[str, float]


def sample(channel: str) -> Sample:
    m = USERSPACE.search(channel)
    return Sample(int(m.group(1)) / 100 if m else -1.0,
                  {t: int(cs) / 100 for t, cs in FIRST.findall(channel)})


@dataclass
class Row:
    what: str
    base: list[float]
    series: list[float]

    @staticmethod
    def _show(values: list[float]) -> str:
        if len(values) == 1:
            return f"{values[0]:.2f}s"
        return f"{statistics.median(values):.2f}s ({min(values):.2f}-{max(values):.2f})"

    def delta(self) -> float:
        return statistics.median(self.series) - statistics.median(self.base)

    def judgement(self) -> str:
        """within the spread, slower/faster beyond the spread, or not judged (one boot)."""
        if min(len(self.base), len(self.series)) < 2:
            return "not judged (one boot each)"
        floor = max(FLOOR_SECONDS, FLOOR_SHARE * statistics.median(self.base))
        if min(self.series) > max(self.base) and self.delta() > floor:
            return "slower beyond the spread"
        if max(self.series) < min(self.base) and -self.delta() > floor:
            return "faster beyond the spread"
        return "within the spread"

    def cells(self) -> tuple[str, str, str, str, str]:
        d = self.delta()
        return (self.what, self._show(self.base), self._show(self.series),
                f"{'+' if d >= 0 else ''}{d:.2f}s", self.judgement())


def compare(base: list[Sample], series: list[Sample]) -> list[Row]:
    """Boot time and every test both sides ran, in the series' order."""
    rows = []
    boots = ([s.boot for s in base if s.boot >= 0], [s.boot for s in series if s.boot >= 0])
    if boots[0] and boots[1]:
        rows.append(Row(BOOT, *boots))
    names = [t for t in (series[0].tests if series else {}) if base and t in base[0].tests]
    for name in names:
        a = [s.tests[name] for s in base if name in s.tests]
        b = [s.tests[name] for s in series if name in s.tests]
        rows.append(Row(name, a, b))
    return rows


def slower(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.judgement() == "slower beyond the spread"]
