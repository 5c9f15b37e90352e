# SPDX-License-Identifier: GPL-2.0-only
"""make report: the cycle report, from the lanes' run records only.

build/report/ gets report.json (the data), report.md and index.html (the
same, for people: a headline per headline lane, a lane x step matrix whose
cells link to their logs, per-lane step timings as an inline SVG bar chart,
the first failure of each lane with its log line, the artifacts). The last
completed run and the last attempt are kept apart: an attempt that failed
before any run (a mistyped SOURCE=, a kernel that did not build) is shown
beside the verdict of the last completed run, never instead of it. Where a
kernel came from, when it is not the lane's pin (a stand-in tree, a config
olddefconfig changed), is in the headline. A damaged record is named, never
taken for a result.
"""
import html
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

from wslx import fileio, identity, lanes, paths, runs, ui
from wslx.errors import WslxError
from wslx.record import Record, RecordError

# The two lanes the project is for, by the role the report gives them.
HEADLINE_LANES = [("upstream", "L1", "upstream-6.6"), ("WSL", "L2", "wsl-6.6")]
# The matrix's columns: a record's steps are matched by their first word.
COLUMNS = ["prepare", "probe", "build", "verify", "smoke", "kselftest"]
MARK = {"pass": "ok", "fail": "FAIL", "skip": "skip", "not run": "-"}
# The timing bars: the kernel build, then each column, in these colours.
COLOURS = ["#8c6d31", "#bd9e39", "#6b6ecf", "#9c9ede", "#637939", "#b5cf6b", "#cedb9c"]
WIDTH = 240


@dataclass
class Attempt:
    at: str
    verdict: str
    note: str
    seconds: float


@dataclass
class LaneView:
    name: str
    kind: str
    role: str = ""                   # L1, L2 or ""
    verdict: str = "not run"         # of the last completed run: PASS FAIL SKIP DAMAGED ...
    problem: str = ""                # why the record cannot be trusted
    record: Optional[Record] = None
    kernel_build: Optional[Attempt] = None   # source lanes: the last kernel attempt
    later_failure: str = ""          # an attempt after the last run that failed
    run_dir: str = ""                # relative to the report folder
    cells: dict[str, dict[str, Any]] = field(default_factory=dict)


def _attempt(lane: str) -> Optional[Attempt]:
    try:
        data = json.loads((paths.lane_dir(lane) / "attempt.json").read_text())
        return Attempt(str(data["at"]), str(data["verdict"]), str(data["note"]),
                       float(data.get("seconds", 0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def view(name: str, out: Path) -> LaneView:
    lane = lanes.load(name)
    role = next((r for _, r, n in HEADLINE_LANES if n == name), "")
    v = LaneView(name, lane.kind, role)
    try:
        v.record = runs.load_latest(name)
    except RecordError as err:
        v.verdict, v.problem = "DAMAGED", str(err)
    rec = v.record
    if rec:
        v.verdict = rec.verdict
        run = paths.lane_dir(name) / "runs" / rec.run_id
        v.run_dir = os.path.relpath(run, out)
        for col in COLUMNS:
            step = rec.step(col)
            if step:
                link = os.path.relpath(run / step.log, out) if step.log else v.run_dir
                v.cells[col] = {"status": step.status, "note": step.note,
                                "seconds": step.seconds, "log": link}
    v.kernel_build = _attempt(name) if lane.kind == "source" else None
    try:
        last = runs.load_latest(name, "last-attempt")
    except RecordError:
        last = None
    if last and last.verdict == "INTERRUPTED" and (not rec or last.run_id != rec.run_id):
        v.later_failure = f"{last.ended}: interrupted"
    kb = v.kernel_build
    # Second-resolution times: a failed attempt in the very second the run ended
    # came after it (the run's own kernel attempt succeeded).
    if kb and kb.verdict == "FAIL" and (not rec or kb.at >= rec.ended):
        v.later_failure = f"{kb.at}: {kb.note}"
    return v


def _headline(label: str, role: str, v: LaneView) -> str:
    who = f"the {label} lane ({role})"
    rec = v.record
    if v.verdict == "DAMAGED":
        line = f"Not known for {who} (`{v.name}`): its last record is damaged ({v.problem})"
    elif v.verdict == "PASS" and rec:
        line = f"**Works on {who}** (`{v.name}`, {rec.kernel}"
        line += f"; {rec.kernel_note})" if rec.kernel_note else ")"
    elif v.verdict == "FAIL" and rec:
        first = rec.first_failure()
        line = f"**Fails on {who}** (`{v.name}`, {rec.kernel}" + \
            (f"; {rec.kernel_note}" if rec.kernel_note else "") + ")" + \
            (f": {first.name}: {first.note}" if first else "")
    elif rec:
        line = f"Not tested on {who} (`{v.name}`: {v.verdict})"
    else:
        line = f"Not tested on {who} (`{v.name}`: no completed run)"
    if v.later_failure:
        line += f". A later attempt failed at {v.later_failure}"
    return line + "."


def collect(out: Path) -> dict[str, Any]:
    ident = identity.load()
    views = [view(n, out) for n in lanes.names()]
    by_name = {v.name: v for v in views}
    headline = [_headline(label, role, by_name[name]) for label, role, name in HEADLINE_LANES
                if name in by_name]
    lanes_out = []
    for v in views:
        rec = v.record
        first = rec.first_failure() if rec else None
        kb = v.kernel_build
        built_with = kb is not None and kb.verdict == "OK" and rec is not None and \
            kb.at <= rec.started
        lanes_out.append({
            "lane": v.name, "kind": v.kind, "role": v.role, "verdict": v.verdict,
            "problem": v.problem, "kernel": rec.kernel if rec else "",
            "source": rec.kernel_note if rec else "", "vermagic": rec.vermagic if rec else "",
            "ended": rec.ended if rec else "", "run": v.run_dir,
            "run_seconds": rec.seconds if rec else 0.0,
            # The kernel attempt that made the kernel this run used counts in its time.
            "kernel_seconds": kb.seconds if kb and built_with else 0.0,
            "later_failure": v.later_failure, "cells": v.cells,
            "first_failure": {"step": first.name, "note": first.note,
                              "lines": first.reason[:3], "log": first.log} if first else None,
            "artifacts": [asdict(a) for a in rec.artifacts] if rec else [],
        })
    return {"schema": "wslx-report/1", "module": ident.name, "version": ident.version,
            "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "headline": headline, "lanes": lanes_out, "stack": _stack(out)}


def _stack(out: Path) -> Optional[dict[str, Any]]:
    """The last make stack cycle (build/stack/latest), if any: its headline and verdicts."""
    latest = paths.build_dir() / "stack" / "latest"
    if not latest.is_symlink():
        return None
    try:
        rec = json.loads((latest / "record.json").read_text())
        return {"cycle": rec["cycle"], "headline": rec["headline"],
                "summary": os.path.relpath(latest.resolve() / "summary.md", out),
                "bases": [{"name": b["name"], "lane": b["lane"], "verdict": b["verdict"],
                           "base": b["base"]} for b in rec["bases"]],
                "pending": [f"{e['class']}: {e['why']}" for e in rec["escalations"]
                            if not e["accepted"]], "problem": ""}
    except (OSError, ValueError, KeyError, TypeError) as err:
        return {"problem": f"{latest / 'record.json'}: damaged or unreadable ({err})"}


def _stack_md(st: Optional[dict[str, Any]]) -> list[str]:
    if not st:
        return []
    out = ["", "## Kernel-core series (make stack)", ""]
    if st["problem"]:
        return out + [f"- {st['problem']}"]
    out += [f"**{st['headline']}** (cycle {st['cycle']}, [summary]({st['summary']}))", ""]
    out += [f"- {b['lane']} ({b['name']}): {b['verdict']}, on {b['base']}" for b in st["bases"]]
    out += [f"- needs human review: {p}" for p in st["pending"]]
    return out


def markdown(data: dict[str, Any]) -> str:
    out = [f"# {data['module']} {data['version']}: cycle report", "",
           f"Written {data['written']} from the run records of each lane "
           "(build/lanes/<lane>/latest/record.json) and, for the source lanes, their last "
           "kernel attempt.", ""]
    out += [f"- {h}" for h in data["headline"]]
    out += ["", "| lane | result | kernel | " + " | ".join(COLUMNS) + " | time | when |",
            "|---" * (len(COLUMNS) + 5) + "|"]
    for ln in data["lanes"]:
        cells = [MARK.get(ln["cells"].get(c, {}).get("status", "not run"), "-") for c in COLUMNS]
        total = ln["run_seconds"] + ln["kernel_seconds"]
        when = ln["ended"] or ln["problem"]
        out.append(f"| {ln['lane']} | {ln['verdict']} | {ln['kernel']} | " + " | ".join(cells) +
                   f" | {total:.0f}s | {when} |")
    for ln in data["lanes"]:
        if ln["verdict"] not in ("FAIL", "DAMAGED") and not ln["later_failure"]:
            continue
        out += ["", f"## {ln['lane']}", ""]
        if ln["problem"]:
            out.append(f"- Its last record is damaged: {ln['problem']}")
        if ln["later_failure"]:
            out.append(f"- Last attempt, after the last run: {ln['later_failure']}")
        first = ln["first_failure"]
        if first:
            out.append(f"- First failed step: `{first['step']}`: {first['note']}")
            out += [f"  - `{line}`" for line in first["lines"]]
        if ln["run"]:
            out.append(f"- Run folder: `{ln['run']}`")
        for a in ln["artifacts"]:
            out.append(f"- Module: `{a['path']}` ({a['size']} bytes, sha256 {a['sha256']})")
    out += _stack_md(data.get("stack"))
    return "\n".join(out) + "\n"


def _bars(ln: dict[str, Any]) -> str:
    """Per-step timings of one lane as an inline SVG bar (no JavaScript)."""
    parts = [("kernel build", ln["kernel_seconds"])] + \
        [(c, float(ln["cells"].get(c, {}).get("seconds", 0))) for c in COLUMNS]
    total = sum(s for _, s in parts)
    if not total:
        return "-"
    x, rects = 0.0, []
    for (name, secs), colour in zip(parts, COLOURS):
        w = WIDTH * secs / total
        if w > 0:
            rects.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="14" fill="{colour}">'
                         f"<title>{html.escape(name)}: {secs:.1f}s</title></rect>")
        x += w
    return (f'<svg width="{WIDTH}" height="14" role="img" aria-label="step timings">'
            f"{''.join(rects)}</svg> {total:.0f}s")


def _legend() -> str:
    names = ["kernel build", *COLUMNS]
    return " ".join(f'<svg width="10" height="10"><rect width="10" height="10" fill="{c}"/></svg>'
                    f" {html.escape(n)}" for n, c in zip(names, COLOURS))


def page(data: dict[str, Any]) -> str:
    e = html.escape
    cls = {"pass": "ok", "fail": "bad", "skip": "skip"}
    rows = []
    for ln in data["lanes"]:
        cells = []
        for c in COLUMNS:
            cell = ln["cells"].get(c)
            if cell:
                mark = MARK.get(cell["status"], "-")
                cells.append(f'<td class="{cls.get(cell["status"], "")}" title="{e(cell["note"])}">'
                             f'<a href="{e(cell["log"])}">{e(mark)}</a></td>')
            else:
                cells.append("<td>-</td>")
        verdict_cls = {"PASS": "ok", "FAIL": "bad", "DAMAGED": "bad"}.get(ln["verdict"], "skip")
        rows.append(f'<tr><th>{e(ln["lane"])}</th><td class="{verdict_cls}">{e(ln["verdict"])}'
                    f'</td><td>{e(ln["kernel"])}</td>{"".join(cells)}<td>{_bars(ln)}</td>'
                    f'<td>{e(ln["ended"] or ln["problem"])}</td></tr>')
    details = []
    for ln in data["lanes"]:
        items = []
        if ln["source"]:
            items.append(f"<li>Kernel source: {e(ln['source'])}</li>")
        if ln["problem"]:
            items.append(f"<li class=bad>Damaged record: {e(ln['problem'])}</li>")
        if ln["later_failure"]:
            items.append(f"<li class=bad>Last attempt, after the last run: "
                         f"{e(ln['later_failure'])}</li>")
        first = ln["first_failure"]
        if first:
            lines = "".join(f"<pre>{e(x)}</pre>" for x in first["lines"])
            items.append(f"<li class=bad>First failed step: <code>{e(first['step'])}</code>: "
                         f"{e(first['note'])}{lines}</li>")
        for a in ln["artifacts"]:
            items.append(f"<li>Artifact <code>{e(a['path'])}</code>: {a['size']} bytes, "
                         f"sha256 <code>{e(a['sha256'])}</code></li>")
        if items:
            details.append(f"<h3>{e(ln['lane'])}</h3><ul>{''.join(items)}</ul>")
    head = "".join(f"<li>{_md_bold(e(h))}</li>" for h in data["headline"])
    cols = "".join(f"<th>{e(c)}</th>" for c in COLUMNS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(data['module'])} {e(data['version'])}: cycle report</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; }}
.ok {{ background: #d9f2d9; }} .bad {{ background: #f8d0d0; }} .skip {{ background: #eee; }}
pre {{ margin: 0.2em 0; }}
</style></head><body>
<h1>{e(data['module'])} {e(data['version'])}: cycle report</h1>
<p>Written {e(data['written'])} from the lanes' run records only.</p>
<ul id="headline">{head}</ul>
<h2>Lanes</h2>
<table id="matrix"><tr><th>lane</th><th>result</th><th>kernel</th>{cols}<th>time</th>
<th>when</th></tr>
{''.join(rows)}</table>
<p>Time: {_legend()}</p>
<h2>Details</h2>
{''.join(details)}
{_stack_html(data.get("stack"))}
</body></html>
"""


def _stack_html(st: Optional[dict[str, Any]]) -> str:
    e = html.escape
    if not st:
        return ""
    if st["problem"]:
        return f'<h2>Kernel-core series</h2><p class=bad>{e(st["problem"])}</p>'
    items = "".join(f"<li>{e(b['lane'])} ({e(b['name'])}): {e(b['verdict'])}, on "
                    f"{e(b['base'])}</li>" for b in st["bases"])
    items += "".join(f"<li class=bad>needs human review: {e(p)}</li>" for p in st["pending"])
    return (f'<h2>Kernel-core series (make stack)</h2><p id="stack"><strong>{e(st["headline"])}'
            f'</strong> (cycle {e(st["cycle"])}, <a href="{e(st["summary"])}">summary</a>)</p>'
            f"<ul>{items}</ul>")


def _md_bold(text: str) -> str:
    """The headline's **bold** and `code` as HTML."""
    out, bold, code = [], False, False
    i = 0
    while i < len(text):
        if text.startswith("**", i):
            out.append("</strong>" if bold else "<strong>")
            bold = not bold
            i += 2
        elif text[i] == "`":
            out.append("</code>" if code else "<code>")
            code = not code
            i += 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def write(folder: Optional[Path] = None) -> Path:
    """build/report/{report.json,report.md,index.html}; the folder."""
    out = folder or paths.build_dir() / "report"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise WslxError(f"{out}: cannot write the report there ({err.strerror})") from None
    data = collect(out)
    fileio.write_atomic(out / "report.json", json.dumps(data, indent=1) + "\n")
    fileio.write_atomic(out / "report.md", markdown(data))
    fileio.write_atomic(out / "index.html", page(data))
    for h in data["headline"]:
        ui.info(h.replace("**", ""))
    ui.step(f"report written to {out}/ (index.html, report.md, report.json)")
    return out
