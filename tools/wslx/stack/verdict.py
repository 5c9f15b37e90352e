# SPDX-License-Identifier: GPL-2.0-only
"""When a human must look, and each base's verdict.

Any patch that touches a protected class of patches/protected.map (locking,
memory management, the scheduler, security boundaries...), even one that
applies cleanly; a conflict (resolved or not), a three-way merge or a patch
that changed between the bases in such a class; any change
to a uapi class; a changed export (Module.symvers: ABI); a flaky test; a
timing slower with the series beyond the spread of its boots (performance); a
failing base whose kernel lacks options of patches/series.config (a
configuration difference, named): each stops the verdict at "needs human
review" unless accepted (--accept CLASS), and every acceptance is listed.
"""
from dataclasses import dataclass

from wslx.stack import perf, tables
from wslx.stack.lane import Outcome
from wslx.stack.rangediff import Pair

UAPI = "uapi"
# The classes that come from the cycle itself, not from patches/protected.map.
BUILT_IN = ("uapi", "abi", "flaky", "config", "fuzz", "performance")


@dataclass
class Escalation:
    cls: str
    files: list[str]
    why: str
    base: str            # the base it concerns ("" for both)
    accepted: bool = False

    def line(self) -> str:
        where = f" ({', '.join(self.files[:4])}{' ...' if len(self.files) > 4 else ''})" \
            if self.files else ""
        return f"{self.cls}: {self.why}{where}"


def escalations(outcomes: list[Outcome], protected: list[tables.Rule],
                between: list[Pair], subjects: dict[str, list[str]],
                accept: set[str]) -> list[Escalation]:
    """subjects: a patch subject -> the files it touches (for the range-diff's pairs)."""
    found: list[Escalation] = []

    def add(cls: str, files: list[str], why: str, base: str) -> None:
        for e in found:
            if e.cls == cls and e.why == why and e.base == base:
                return
        found.append(Escalation(cls, files, why, base, cls in accept))

    for o in outcomes:
        name = o.base.base.name
        for v in o.replay.verdicts:
            if v.status in ("resolved", "conflict", "merged"):
                for cls, files in tables.classes_of(protected, v.files).items():
                    add(cls, files, f"{v.patch} {v.status} on {name}", name)
            if v.status == "fuzzed":
                add("fuzz", v.files, f"{v.patch} was applied with fuzz on {name}: check where "
                    "its hunks landed", name)
            if v.status in ("applied", "offset", "fuzzed"):
                # A core change needs a human even when it applies cleanly.
                for cls, files in tables.classes_of(protected, v.files).items():
                    if cls != UAPI:
                        add(cls, files, f"{v.patch} changes {cls} code on {name}", name)
        for cls, files in tables.classes_of(protected, o.touched).items():
            if cls == UAPI:
                add(cls, files, "the series changes UAPI headers", "")
        if o.abi:
            add("abi", [], f"exports change on {name}: {'; '.join(o.abi[:3])}", name)
        for state, boot in o.boots.items():
            for r in boot.tests:
                if r.status == "flaky":
                    add("flaky", [r.name], f"{r.name} changed result between reruns "
                        f"({state} kernel of {name})", name)
        for row in perf.slower(o.timings):
            _, before, after, delta, _ = row.cells()
            add("performance", [], f"{row.what} is slower with the series on {name}: "
                f"{before} -> {after}, {delta} (beyond the spread of {len(row.base)} "
                "boots each)", name)
        if o.vermagic:
            add("config", [], f"the series changes the modules' vermagic on {name} "
                f"({o.vermagic}): modules built for the base kernel do not load into the "
                "series kernel", name)
        dropped = o.kernels["series"].dropped if "series" in o.kernels else []
        if o.failures and dropped:
            add("config", dropped, f"{name} fails and its kernel lacks options the series "
                "asks for in patches/series.config", name)
    for pair in between:
        if pair.mark == "!":
            for cls, files in tables.classes_of(protected, subjects.get(pair.subject, [])).items():
                add(cls, files, f"'{pair.subject}' differs between the bases", "")
    return found


def of_base(o: Outcome, escalated: list[Escalation]) -> str:
    """works, fails, stopped at a conflict, or needs human review."""
    if o.replay.stopped:
        return "stopped at a conflict"
    if o.failures:
        return "fails"
    if any(not e.accepted and e.base in ("", o.base.base.name) for e in escalated):
        return "needs human review"
    return "works"


def exit_status(verdicts: list[str]) -> int:
    """0 when every base works, 1 when one fails or stopped, else 3 (a human must look)."""
    if any(v in ("fails", "stopped at a conflict") for v in verdicts):
        return 1
    return 3 if "needs human review" in verdicts else 0
