# SPDX-License-Identifier: GPL-2.0-only
"""One parser for every test stream wslx reads: KTAP v1 and TAP 13.

The lanes' own results nest modcheck's KTAP under each step (indented, the
block before its parent's result line, as KTAP and kunit.py have it); the
kselftest harness prints flat TAP 13 with "#" diagnostics. Lines that are
neither (console noise that reached the channel) are kept apart and never
counted. A stream whose results stop short of its plan, or that bailed out,
is incomplete, and an incomplete stream is never a pass.
"""
import re
from dataclasses import dataclass, field
from typing import Optional

_RESULT = re.compile(r"^(not ok|ok)\b(?:\s+(\d+))?(?:\s+-)?\s*(.*)$")
_PLAN = re.compile(r"^1\.\.(\d+)\b")
_VERSION = re.compile(r"^(KTAP version \d+|TAP version \d+)\s*$")


@dataclass
class Result:
    number: int
    name: str
    ok: bool
    directive: str = ""          # SKIP, TODO or ""
    note: str = ""               # what follows "#" (without the directive)
    subtests: "Document" = field(default_factory=lambda: Document())
    diagnostics: list[str] = field(default_factory=list)  # "#" lines before it

    @property
    def status(self) -> str:
        """pass, fail or skip (a TODO counts as it ran)."""
        if self.directive == "SKIP":
            return "skip"
        return "pass" if self.ok else "fail"


@dataclass
class Counts:
    passed: int = 0
    failed: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return f"{self.passed} passed, {self.failed} failed, {self.skipped} skipped"


@dataclass
class Document:
    version: str = ""
    plan: Optional[int] = None
    results: list[Result] = field(default_factory=list)
    bail_out: Optional[str] = None
    noise: list[str] = field(default_factory=list)    # lines that are not KTAP

    def counts(self) -> Counts:
        """Counts of this level's results."""
        c = Counts()
        for r in self.results:
            if r.status == "pass":
                c.passed += 1
            elif r.status == "fail":
                c.failed += 1
            else:
                c.skipped += 1
        return c

    def complete(self) -> bool:
        """A plan, as many results as it announced, and no bail-out."""
        return self.plan is not None and len(self.results) == self.plan and self.bail_out is None

    def passed(self) -> bool:
        return self.complete() and all(r.status != "fail" for r in self.results)

    def first_failure(self) -> Optional[Result]:
        """The innermost first failed result: the check that names the cause."""
        for r in self.results:
            if r.status == "fail":
                return r.subtests.first_failure() or r
        return None

    def find(self, prefix: str) -> Optional[Result]:
        """The last result at this level whose name starts with prefix."""
        found = None
        for r in self.results:
            if r.name.startswith(prefix):
                found = r
        return found


def _split_note(text: str) -> tuple[str, str, str]:
    """name, directive, note of what follows "ok N"."""
    name, sep, note = text.partition(" #")
    if not sep and text.startswith("#"):
        name, note = "", text[1:]
    name = name.strip()
    note = note.strip()
    directive = ""
    match = re.match(r"(?i)(skip|todo)\b\s*(.*)$", note)
    if match:
        directive = match.group(1).upper()
        note = match.group(2)
    return name, directive, note


def parse(text: str) -> Document:
    """The document in text (CR LF or LF line ends)."""
    # A stack of (indent, document, diagnostics waiting for the next result).
    stack: list[tuple[int, Document, list[str]]] = [(0, Document(), [])]
    finished: Optional[tuple[int, Document]] = None   # the last block closed
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not raw.strip():
            continue
        stripped = raw.lstrip(" ")
        indent = len(raw) - len(stripped)
        line = stripped.rstrip()
        kind = _kind(line)
        if kind == "noise":
            stack[0][1].noise.append(raw)
            continue
        # Deeper than the innermost open level: a nested block begins.
        if indent > stack[-1][0]:
            stack.append((indent, Document(), []))
        # Shallower: the blocks deeper than this line are closed.
        while len(stack) > 1 and indent < stack[-1][0]:
            closed = stack.pop()
            finished = (closed[0], closed[1])
        level, doc, waiting = stack[-1]
        if kind == "version":
            doc.version = line
        elif kind == "plan":
            match = _PLAN.match(line)
            assert match
            doc.plan = int(match.group(1))
        elif kind == "bail":
            doc.bail_out = line[len("Bail out!"):].strip()
        elif kind == "diag":
            waiting.append(line[1:].strip())
        else:
            match = _RESULT.match(line)
            assert match
            name, directive, note = _split_note(match.group(3))
            number = int(match.group(2)) if match.group(2) else len(doc.results) + 1
            result = Result(number, name, match.group(1) == "ok", directive, note,
                            diagnostics=list(waiting))
            waiting.clear()
            if finished and finished[0] > level:
                result.subtests = finished[1]
            finished = None
            doc.results.append(result)
    return stack[0][1]


def _kind(line: str) -> str:
    if _RESULT.match(line):
        return "result"
    if _PLAN.match(line):
        return "plan"
    if _VERSION.match(line):
        return "version"
    if line.startswith("Bail out!"):
        return "bail"
    if line.startswith("#"):
        return "diag"
    return "noise"


def result_line(number: int, name: str, status: str, note: str = "") -> str:
    """One result as the lanes write it; status is pass, fail or skip."""
    if status == "skip":
        return f"ok {number} {name} # SKIP {note}".rstrip()
    head = "ok" if status == "pass" else "not ok"
    return f"{head} {number} {name}" + (f" # {note}" if note else "")


def indent(text: str, by: str = "    ") -> str:
    """A sub-test's KTAP nested under the step it belongs to."""
    return "".join(f"{by}{line}\n" for line in text.splitlines() if line.strip())
