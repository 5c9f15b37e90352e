# SPDX-License-Identifier: GPL-2.0-only
"""summary.md of a cycle, headed "works on the upstream lane" / "works on the
WSL lane" (or why not), with every detail below: bases, verdict per patch,
kernels, tests against each base's own baseline, probes, range-diffs,
escalations and acceptances."""
from wslx.stack import lane as lane_mod
from wslx.stack.moved import Move
from wslx.stack.lane import Outcome
from wslx.stack.rangediff import Pair
from wslx.stack.verdict import Escalation


def headline(outcomes: list[Outcome], verdicts: list[str]) -> str:
    parts = []
    for o, v in zip(outcomes, verdicts):
        label = o.base.base.get("lane")
        parts.append(f"works on the {label}" if v == "works" else f"{v} on the {label}")
    text = "; ".join(parts)
    standin = [o.base.describe for o in outcomes if o.base.standin]
    if standin:
        named = "; ".join(s.removeprefix("stand-in: ") for s in standin)
        text += f" (stand-in bases: {named})"
    return text[0].upper() + text[1:]


def _patch_table(outcomes: list[Outcome]) -> list[str]:
    names = [v.patch for v in outcomes[0].replay.verdicts] if outcomes else []
    head = "| patch | " + " | ".join(o.base.base.get("lane") for o in outcomes) + " |"
    rows = [head, "|---" * (len(outcomes) + 1) + "|"]
    for name in names:
        cells = []
        for o in outcomes:
            v = next((x for x in o.replay.verdicts if x.patch == name), None)
            cells.append(f"{v.status}" + (f": {v.note}" if v and v.note else "") if v else "-")
        rows.append(f"| `{name}` | " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return rows


def _lane(o: Outcome, verdict: str, fix: str) -> list[str]:
    b = o.base
    lines = [f"## The {b.base.get('lane')} ({b.base.name}): {verdict}", "",
             f"- base: {b.describe}, commit `{b.commit[:12]}`"]
    if not o.replay.stopped:
        # A stopped base has neither: its branch and patches are made only once whole.
        lines.append(f"- series as applied: branch `wslx/{b.base.name}` of the work "
                     f"repository, tip `{o.replay.tip[:12]}`; `format-patch --base` output "
                     f"in `{b.base.name}/patches/`")
    for state, k in o.kernels.items():
        how = "taken from the cache" if k.cached else f"{k.objects} objects compiled"
        boot = o.boots.get(state)
        booted = (f"booted `{boot.uname}`" if boot and boot.ok else
                  f"did not boot: {boot.why}" if boot else "not booted")
        lines.append(f"- {state} kernel {k.release} ({how}); {booted}; console: "
                     f"`{b.base.name}/{state}/console.log`")
    if o.vermagic:
        lines.append(f"- vermagic options: base `{o.vermagic.split(' -> ')[0]}`, series "
                     f"`{o.vermagic.split(' -> ')[1]}` (series.config changes them)")
    if o.selection is not None:
        chosen = ", ".join(f"{t} ({why})" for t, why in o.selection.targets.items()) or "none"
        lines.append(f"- kselftests chosen: {chosen}")
        if o.selection.unmapped:
            lines.append("- touched with no kselftest mapped (patches/kselftest.map): " + ", ".join(
                f"{w} ({n} file{'s' if n > 1 else ''})" for w, n in o.selection.unmapped.items()))
    if o.each_commit:
        lines.append("- each patch built on its own: " + ", ".join(
            f"{p.rsplit('/', 1)[-1]} {r if r == 'ok' else 'FAILS'}" for p, r in o.each_commit))
    for f in o.failures:
        lines.append(f"- **{f}**")
    rows = lane_mod.comparison(o) if o.boots else []
    if rows:
        lines += ["", "| test | base | base+series | |", "|---|---|---|---|"]
        lines += [f"| {n} | {a} | {s} | {k} |" for n, a, s, k in rows]
    if o.timings:
        boots = min(len(o.timings[0].base), len(o.timings[0].series))
        lines += ["", f"Performance, base against base+series ({boots} boot"
                  f"{'s' if boots > 1 else ''} of each; the guest's clock counts instructions, "
                  "QEMU -icount; median (min-max)):", "",
                  "| measure | base | base+series | delta | |", "|---|---|---|---|---|"]
        lines += ["| " + " | ".join(r.cells()) + " |" for r in o.timings]
    probes = o.boots["series"].probes if "series" in o.boots else []
    if probes:
        lines += ["", "| patch | probe in the booted base+series kernel |", "|---|---|"]
        lines += [f"| `{p}` | {'live' if ok else 'NOT live: ' + d} |" for p, ok, d in probes]
    if o.replay.stopped:
        s = o.replay.stopped
        lines += ["", f"Stopped at `{s.patch}`: {s.note}. Its hunks:", "", "```diff",
                  s.hunks.rstrip(), "```", "",
                  f"Fix the files in `{o.replay.work}`, then record the fix with `{fix}`."]
    return lines + [""]


def markdown(outcomes: list[Outcome], verdicts: list[str], escalated: list[Escalation],
             between: list[Pair], accepted_diffs: dict[str, list[Pair]], revision: str,
             fixes: dict[str, str], moves: dict[str, Move]) -> str:
    lines = [f"# {headline(outcomes, verdicts)}", "",
             f"Series revision `{revision}`.", "", "## Verdict per patch", ""]
    lines += _patch_table(outcomes) + [""]
    for o, v in zip(outcomes, verdicts):
        lines += _lane(o, v, fixes.get(o.base.base.name, ""))
    lines += ["## The series across the two bases (git range-diff)", ""]
    lines += [f"- {p.meaning}: {p.subject}" for p in between] or ["- not compared"]
    for p in between:
        if p.interdiff:
            lines += ["", f"Interdiff of '{p.subject}':", "", "```diff", *p.interdiff, "```"]
    for name, m in moves.items():
        lines += ["", f"## The base moved on {name}", "",
                  f"From {m.old} (`{m.old_commit[:12]}`, accepted in cycle {m.cycle}) to this "
                  "cycle's base:", ""] + m.lines()
    for name, pairs in accepted_diffs.items():
        lines += ["", f"## Against the last accepted run on {name}", ""]
        lines += [f"- {p.meaning}: {p.subject}" for p in pairs] or ["- no accepted run yet"]
    pending = [e for e in escalated if not e.accepted]
    lines += ["", "## Needs a human", ""]
    lines += [f"- needs human review: {e.line()}" for e in pending] or ["- nothing"]
    taken = [e for e in escalated if e.accepted]
    if taken:
        lines += ["", "## Accepted (--accept)", ""]
        lines += [f"- accepted: {e.line()}" for e in taken]
    return "\n".join(lines) + "\n"


def conflicts(outcomes: list[Outcome], fixes: dict[str, str]) -> str:
    """Every resolution applied (what it changed in the conflicted file) and every
    conflict left open, per base."""
    lines = ["# Conflicts and their resolutions", ""]
    any_ = False
    for o in outcomes:
        for v in o.replay.verdicts:
            if v.status in ("resolved", "conflict"):
                any_ = True
                lines += [f"## {o.base.base.name}: {v.patch}: {v.status}", "", v.note, "",
                          "```diff", v.hunks.rstrip(), "```", ""]
                if v.status == "conflict":
                    lines += [f"Fix the files in `{o.replay.work}`, then record the fix with "
                              f"`{fixes.get(o.base.base.name, '')}`.", ""]
    if not any_:
        lines.append("No conflicts on any base.")
    return "\n".join(lines) + "\n"
