# SPDX-License-Identifier: GPL-2.0-only
"""The tests of a cycle: which kselftests, built from the tree under test, and
the guest plan that runs them with the per-patch probes.

The series' own kselftests (folders it adds or changes under
tools/testing/selftests/) always run; patches/kselftest.map adds targets for
the paths the series touches (its smoke lines; NIGHTLY=1 adds the nightly
ones). A target the tree does not have is reported absent, never as a pass.
A failing test is run again, up to three times in all: a test whose result
changes is flaky.
"""
import os
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from wslx import kbuild, ktap, proc, ui
from wslx.errors import WslxError
from wslx.stack import series as series_mod
from wslx.stack import tables

SELFTESTS = "tools/testing/selftests"
ATTEMPTS = 3
# Durations in hundredths of a second, from the guest's /proc/uptime.
ATTEMPT = re.compile(r"^# wslx-attempt (\S+) (\d+) rc=(\d+) cs=(\d+)$", re.M)
PROBE = re.compile(r"^# wslx-probe (\d+) (ok|fail)(.*)$", re.M)
UNAME = re.compile(r"^# wslx-uname (.*)$", re.M)


@dataclass
class Selection:
    targets: dict[str, str]          # target or target:test -> why it was chosen
    # Touched subsystems (two path components) no kselftest.map line covers, with
    # how many of their files the series touches: named, never silently untested.
    unmapped: dict[str, int] = field(default_factory=dict)

    def collections(self) -> list[str]:
        """The kselftest targets to build."""
        return list(dict.fromkeys(t.split(":", 1)[0] for t in self.targets))

    def wanted(self, test: str) -> bool:
        """Whether collection:test is chosen, by its target or by its own name."""
        return test.split(":", 1)[0] in self.targets or test in self.targets


def own_targets(touched: list[str]) -> list[str]:
    found = []
    for path in touched:
        parts = path.split("/")
        if path.startswith(SELFTESTS + "/") and len(parts) > 4 and parts[3] not in found:
            found.append(parts[3])
    return found


def select(rules: list[tables.Rule], touched: list[str], nightly: bool) -> Selection:
    chosen = {t: "the series' own kselftest" for t in own_targets(touched)}
    for target, why in tables.targets_for(rules, touched, nightly).items():
        chosen.setdefault(target, f"touched {', '.join(why[:3])}"
                          f"{' and more' if len(why) > 3 else ''}")
    unmapped: dict[str, int] = {}
    for path in touched:
        if path.startswith(SELFTESTS + "/") or any(r.matches(path) for r in rules):
            continue
        where = "/".join(path.split("/")[:-1][:2]) or path
        unmapped[where] = unmapped.get(where, 0) + 1
    return Selection(chosen, unmapped)


def build(work: Path, kernel_out: Path, targets: list[str], dest: Path,
          log: Path) -> list[str]:
    """Build and install targets (those the tree has) into dest; the ones it lacks."""
    present = [t for t in targets if (work / SELFTESTS / t / "Makefile").is_file()]
    absent = [t for t in targets if t not in present]
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    if not present:
        return absent
    ui.info(f"building kselftests {' '.join(present)} from {work}")
    headers = kernel_out / "usr" / "include"
    steps = [["make", "-C", str(work), f"O={kernel_out}", "ARCH=x86", "-s", "headers"],
             ["make", "-C", str(work / SELFTESTS), f"O={dest.parent / 'kselftest-build'}",
              f"TARGETS={' '.join(present)}", f"KHDR_INCLUDES=-isystem {headers}",
              f"INSTALL_PATH={dest}", "-j", str(os.cpu_count() or 1), "install"]]
    env = kbuild.without_make_flags(dict(os.environ))
    for argv in steps:
        if proc.run(argv, log=log, env=env).returncode != 0:
            text = log.read_text(errors="replace").splitlines()
            first = next((ln for ln in text if "error" in ln.lower()), text[-1] if text else "")
            raise WslxError(f"kselftests {' '.join(present)} do not build from {work} "
                            f"(log: {log}): {first.strip()}")
    return absent


def tests_of(dest: Path) -> list[str]:
    """collection:test names kselftest's install listed."""
    listing = dest / "kselftest-list.txt"
    if not listing.exists():
        return []
    return [ln.strip() for ln in listing.read_text().splitlines() if ":" in ln]


def to_run(dest: Path, chosen: Selection) -> list[str]:
    """The chosen tests of the install in dest: those its listing names, then each
    chosen target:test the listing lacks but the install holds as an executable
    (a program under a target's sub-folder, such as futex:functional/futex_wait_timeout,
    which the listing only reaches through the target's run.sh)."""
    listed = tests_of(dest)
    extra = [t for t in chosen.targets if ":" in t and t not in listed
             and os.access(dest / t.replace(":", "/", 1), os.X_OK)
             and (dest / t.replace(":", "/", 1)).is_file()]
    return [t for t in listed if chosen.wanted(t)] + extra


def not_installed(chosen: Selection, tests: list[str], absent: list[str]) -> list[str]:
    """Chosen target:test entries of a target the tree has that its install lacks: each
    is reported absent, never left out silently."""
    return [t for t in chosen.targets
            if ":" in t and t not in tests and t.split(":", 1)[0] not in absent]


def probe_line(index: int, probe: series_mod.Probe) -> str:
    q = shlex.quote
    if probe.kind == "file":
        check = f"grep -Eq {q(probe.args[1])} {q(probe.args[0])} 2>/dev/null"
        seen = f"$(head -c 120 {q(probe.args[0])} 2>&1 | tr '\\n' ' ')"
    elif probe.kind == "dmesg":
        check = f"dmesg | grep -Eq {q(probe.args[0])}"
        seen = "not in the kernel log"
    else:
        check = f"awk -v s={q(probe.args[0])} '$3 == s {{ f = 1 }} END {{ exit !f }}' " \
            "/proc/kallsyms"
        seen = "not in /proc/kallsyms"
    return f'if {check}; then echo "# wslx-probe {index} ok"; ' \
        f'else echo "# wslx-probe {index} fail {seen}"; fi'


def plan(tests: list[str], probes: list[series_mod.Probe]) -> str:
    """The guest's plan: when user space began, uname, the probes, then each test up
    to ATTEMPTS times, each attempt timed."""
    lines = ["cs() { awk '{ printf \"%d\", $1 * 100 }' /proc/uptime; }",
             'echo "# wslx-userspace $(cs)"',
             'echo "# wslx-uname $(uname -r) $(uname -v)"']
    lines += [probe_line(i, p) for i, p in enumerate(probes)]
    for name in tests:
        collection, test = name.split(":", 1)
        q = shlex.quote
        lines.append(
            f"for try in {' '.join(str(i) for i in range(1, ATTEMPTS + 1))}; do "
            "t0=$(cs); "
            f"(cd /ks/{q(collection)} && timeout 300 ./{q(test)}) >/tmp/out 2>&1; rc=$?; "
            f'echo "# wslx-attempt {name} $try rc=$rc cs=$(($(cs) - t0))"; '
            'sed "s/^/#   /" /tmp/out; '
            f'[ $rc -eq 0 ] || [ $rc -eq 4 ] && break; done')
    return "mkdir -p /tmp\n" + "\n".join(lines) + "\ntrue\n"


@dataclass
class Result:
    name: str
    status: str                     # pass fail skip flaky absent
    attempts: list[int] = field(default_factory=list)   # exit statuses
    seconds: float = 0.0            # all attempts together


def results(channel: str, tests: list[str]) -> list[Result]:
    attempts: dict[str, list[int]] = {}
    seconds: dict[str, float] = {}
    for m in ATTEMPT.finditer(channel):
        attempts.setdefault(m.group(1), []).append(int(m.group(3)))
        seconds[m.group(1)] = seconds.get(m.group(1), 0.0) + int(m.group(4)) / 100
    out = []
    for name in tests:
        codes = attempts.get(name, [])
        if not codes:
            status = "fail"          # never reported: the guest ended before it
        elif codes[-1] == 4:
            status = "skip"
        elif codes[-1] == 0:
            status = "flaky" if len(codes) > 1 else "pass"
        else:
            status = "fail"
        out.append(Result(name, status, codes, seconds.get(name, 0.0)))
    return out


def probe_results(channel: str, count: int) -> list[tuple[bool, str]]:
    seen = {int(m.group(1)): (m.group(2) == "ok", m.group(3).strip())
            for m in PROBE.finditer(channel)}
    return [seen.get(i, (False, "the guest never ran it")) for i in range(count)]


def ktap_of(res: list[Result]) -> str:
    lines = ["KTAP version 1", f"1..{len(res)}"]
    for i, r in enumerate(res, start=1):
        note = {"flaky": f"flaky: exit statuses {r.attempts}", "absent": "not in this tree",
                "fail": f"exit statuses {r.attempts}" if r.attempts else "no result"}
        status = {"pass": "pass", "skip": "skip", "absent": "skip"}.get(r.status, "fail")
        lines.append(ktap.result_line(i, r.name, status, note.get(r.status, "")))
    return "\n".join(lines) + "\n"
