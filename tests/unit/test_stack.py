# SPDX-License-Identifier: GPL-2.0-only
"""The patch stack's data and its readings of git: the series tree and its
manifests (bad input named in one line), the path tables, git rerere's
resolution id and git range-diff's marks, both checked against git itself."""
import os
import shutil
import subprocess
from pathlib import Path

from helpers import ScratchTest
from wslx.errors import WslxError
from wslx import kconfig, paths
from wslx.stack import apply, bases, kernels, lane, rangediff, selftests, series, tables, verdict
from wslx.stack.repo import Repo

PATCH = """From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: A Developer <dev@example.invalid>
Subject: [PATCH 1/2] fs: a change
 that wraps

---
 fs/a.c | 1 +
 1 file changed, 1 insertion(+)

--- a/fs/a.c
+++ b/fs/a.c
@@ -1 +1,2 @@
 one
+two
"""

GIT = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}


class Tree(ScratchTest):
    def tree(self, files: dict[str, str]) -> Path:
        root = self.tmp / "patches"
        for name, text in files.items():
            self.write(f"patches/{name}", text)
        return root

    def good(self) -> dict[str, str]:
        return {"series": "# order\nsubsystem/fs/a-change\n",
                "subsystem/fs/a-change/0001-fs-a-change.patch": PATCH,
                "subsystem/fs/a-change/0001-fs-a-change.probe": "dmesg a change\n",
                "manifests/up.manifest": "subsystem/fs/a-change\n",
                "manifests/down.manifest": "!subsystem/fs/a-change carried there already\n"}

    def error(self, files: dict[str, str], base: str = "") -> str:
        shutil.rmtree(self.tmp / "patches", ignore_errors=True)
        with self.assertRaises(WslxError) as caught:
            s = series.load(self.tree(files))
            if base:
                series.manifest(s, base)
        return str(caught.exception)

    def test_a_good_series(self) -> None:
        s = series.load(self.tree(self.good()))
        (p,) = s.ordered()
        self.assertEqual((p.topic, p.scope, p.number, p.subject),
                         ("subsystem/fs/a-change", "subsystem/fs", 1, "fs: a change that wraps"))
        self.assertEqual(p.probe, series.Probe("dmesg", ("a change",)))
        self.assertEqual(series.manifest(s, "up").topics, ["subsystem/fs/a-change"])
        down = series.manifest(s, "down")
        self.assertEqual((down.topics, down.excluded),
                         ([], {"subsystem/fs/a-change": "carried there already"}))

    def test_a_text_that_is_not_a_patch_is_refused_up_front(self) -> None:
        # Issue 24: a text with a "--- " line passed the check and failed in the replay.
        files = {**self.good(),
                 "subsystem/fs/a-change/0001-fs-a-change.patch": "notes\n---\nno diff here\n"}
        self.assertRegex(self.error(files), r"0001-fs-a-change.patch: not a patch")

    def test_a_patch_without_scope_tag_is_refused(self) -> None:
        files = {**self.good(), "fs/0001-loose.patch": PATCH}
        self.assertRegex(self.error(files), r"fs/0001-loose.patch: no scope tag")
        files = {**self.good(), "misc/x/y/0001-a.patch": PATCH}
        self.assertRegex(self.error(files), r"misc/x/y/0001-a.patch: no scope tag")

    def test_topics_and_series_must_agree(self) -> None:
        files = {**self.good(), "series": "subsystem/fs/a-change\nsubsystem/mm/gone\n"}
        self.assertRegex(self.error(files), r"series: topic subsystem/mm/gone has no patches")
        files = {**self.good(), "series": "\n"}
        self.assertRegex(self.error(files), r"a-change: topic not listed in .*series")
        files = {**self.good(), "series": "fs/a-change\n"}
        self.assertRegex(self.error(files), r"series:1: 'fs/a-change' is not")

    def test_manifest_errors_name_the_line(self) -> None:
        files = {**self.good(), "manifests/up.manifest": "subsystem/fs/nope\n"}
        self.assertRegex(self.error(files, "up"),
                         r"up.manifest:1: topic subsystem/fs/nope does not exist")
        files = {**self.good(), "manifests/up.manifest": "# nothing\n"}
        self.assertRegex(self.error(files, "up"),
                         r"up.manifest: does not say whether topic subsystem/fs/a-change")
        files = {**self.good(), "manifests/up.manifest": "!subsystem/fs/a-change\n"}
        self.assertRegex(self.error(files, "up"), r"needs its reason beside it")
        self.assertRegex(self.error(self.good(), "sideways"), r"sideways.manifest: no such")

    def test_bad_probes_and_non_patches(self) -> None:
        probe = "subsystem/fs/a-change/0001-fs-a-change.probe"
        for text, want in (("sysfs /x 1\n", "probe kind 'sysfs'"),
                           ("file /proc/x\n", "'file' needs 2"),
                           ("dmesg (unclosed\n", "bad regular expression")):
            self.assertRegex(self.error({**self.good(), probe: text}), want)
        files = {**self.good(), "subsystem/fs/a-change/0002-empty.patch": "Subject: x\n"}
        self.assertRegex(self.error(files), r"0002-empty.patch: not a patch")


class Tables(ScratchTest):
    def test_globs(self) -> None:
        rx = tables.glob_regex
        self.assertTrue(rx("fs/**").match("fs/proc/base.c"))
        self.assertFalse(rx("fs/*.c").match("fs/proc/base.c"))
        self.assertTrue(rx("include/linux/*lock*.h").match("include/linux/spinlock.h"))
        self.assertTrue(rx("arch/*/include/uapi/**").match("arch/x86/include/uapi/asm/a.h"))
        self.assertTrue(rx("**/Makefile").match("Makefile"))

    def test_subsets_and_first_match(self) -> None:
        self.write("k.map", "fs/namei.c openat2 smoke\nfs/** proc nightly\n")
        self.write("p.map", "include/uapi/** uapi\ninclude/** headers\n")
        rules = tables.kselftests(self.tmp / "k.map")
        self.assertEqual(tables.targets_for(rules, ["fs/namei.c"], False),
                         {"openat2": ["fs/namei.c"]})
        self.assertEqual(list(tables.targets_for(rules, ["fs/namei.c"], True)),
                         ["openat2", "proc"])
        prot = tables.protected(self.tmp / "p.map")
        self.assertEqual(tables.classes_of(prot, ["include/uapi/linux/a.h", "include/b.h"]),
                         {"uapi": ["include/uapi/linux/a.h"], "headers": ["include/b.h"]})

    def test_bad_lines(self) -> None:
        self.write("k.map", "fs/** proc weekly\n")
        with self.assertRaisesRegex(WslxError, r"k.map:1: subset 'weekly'"):
            tables.kselftests(self.tmp / "k.map")
        self.write("p.map", "mm/**\n")
        with self.assertRaisesRegex(WslxError, r"p.map:1: not 'GLOB CLASS'"):
            tables.protected(self.tmp / "p.map")


class Git(ScratchTest):
    def git(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["git", *args], cwd=self.tmp / "r", capture_output=True, text=True,
                              env={**os.environ, **GIT})
        if check and done.returncode != 0:
            self.fail(f"git {args}: {done.stderr}")
        return done.stdout

    def setUp(self) -> None:
        super().setUp()
        (self.tmp / "r").mkdir()
        self.git("init", "-q")
        self.git("config", "rerere.enabled", "true")

    def commit(self, name: str, text: str, message: str) -> None:
        (self.tmp / "r" / name).write_text(text)
        self.git("add", name)
        self.git("commit", "-q", "-m", message)

    def test_rerere_id_is_the_one_git_records(self) -> None:
        self.commit("f", "a\nb\nc\n", "base")
        self.git("checkout", "-q", "-b", "other")
        self.commit("f", "a\nB from other\nc\n", "other")
        self.git("checkout", "-q", "-")
        self.commit("f", "a\nb changed here\nc\n", "here")
        self.git("merge", "-q", "other", check=False)
        ids = [p.name for p in (self.tmp / "r/.git/rr-cache").iterdir()]
        conflicted = (self.tmp / "r" / "f").read_bytes()
        self.assertIn(b"<<<<<<<", conflicted)
        self.assertEqual([apply.rerere_id(conflicted)], ids)

    def test_range_diff_marks(self) -> None:
        self.commit("f", "1\n", "base")
        base = self.git("rev-parse", "HEAD").strip()
        self.commit("a", "a\n", "same")
        lines = "".join(f"line {i}\n" for i in range(20))
        self.commit("b", lines, "changes")
        self.commit("c", "c\n", "only first")
        first = self.git("rev-parse", "HEAD").strip()
        self.git("checkout", "-q", base)
        self.commit("a", "a\n", "same")
        self.commit("b", lines.replace("line 7", "line 7, otherwise"), "changes")
        self.commit("d", "d\n", "only second")
        second = self.git("rev-parse", "HEAD").strip()
        text = self.git("range-diff", "--no-color", f"{base}..{first}", f"{base}..{second}")
        pairs = {p.subject: p for p in rangediff.parse(text)}
        self.assertEqual({s: p.meaning for s, p in pairs.items()},
                         {"same": "identical", "changes": "changed", "only first": "dropped",
                          "only second": "new"})
        self.assertTrue(any("otherwise" in line for line in pairs["changes"].interdiff))


class Readings(ScratchTest):
    def test_guest_results(self) -> None:
        channel = ("# wslx-attempt a:one 1 rc=0 cs=100\n"
                   "# wslx-attempt a:two 1 rc=1 cs=200\n# wslx-attempt a:two 2 rc=0 cs=125\n"
                   "# wslx-attempt a:three 1 rc=4 cs=0\n"
                   "# wslx-attempt a:four 1 rc=1 cs=0\n# wslx-attempt a:four 2 rc=1 cs=0\n"
                   "# wslx-attempt a:four 3 rc=1 cs=0\n"
                   "# wslx-probe 0 ok\n# wslx-probe 1 fail not in the kernel log\n")
        got = selftests.results(channel, ["a:one", "a:two", "a:three", "a:four", "a:five"])
        self.assertEqual([(r.status, r.attempts, r.seconds) for r in got],
                         [("pass", [0], 1.0), ("flaky", [1, 0], 3.25), ("skip", [4], 0.0),
                          ("fail", [1, 1, 1], 0.0), ("fail", [], 0.0)])
        self.assertEqual(selftests.probe_results(channel, 3),
                         [(True, ""), (False, "not in the kernel log"),
                          (False, "the guest never ran it")])

    def test_the_plan_runs_in_a_shell(self) -> None:
        """The guest plan's probe and retry lines, run by a real shell on files here."""
        (self.tmp / "value").write_text("1\n")
        probe = series.Probe("file", (str(self.tmp / "value"), "^1$"))
        missing = series.Probe("file", (str(self.tmp / "nothing"), "^1$"))
        text = selftests.plan([], [probe, missing]).replace("mkdir -p /tmp\n", "")
        out = subprocess.run(["sh", "-c", text.replace('$(uname -r) $(uname -v)', "x")],
                             capture_output=True, text=True).stdout
        self.assertEqual([r[0] for r in selftests.probe_results(out, 2)], [True, False])

    def test_a_chosen_program_outside_the_listing_runs(self) -> None:
        # Issue 24: a core class's default subset names programs the kselftest listing
        # reaches only through run.sh (futex:functional/futex_wait_timeout).
        dest = self.tmp / "install"
        self.write("install/kselftest-list.txt", "futex:run.sh\nproc:proc-self\n")
        for name, mode in (("futex/functional/futex_wait_timeout", 0o755),
                           ("futex/functional/README", 0o644)):
            self.write(f"install/{name}", "x\n")
            (dest / name).chmod(mode)
        chosen = selftests.Selection({"futex:functional/futex_wait_timeout": "",
                                      "futex:functional/README": "",
                                      "futex:functional/gone": "", "proc": "", "vm:x": ""})
        tests = selftests.to_run(dest, chosen)
        self.assertEqual(tests, ["proc:proc-self", "futex:functional/futex_wait_timeout"])
        self.assertEqual(selftests.not_installed(chosen, tests, ["vm"]),
                         ["futex:functional/README", "futex:functional/gone"])

    def test_export_changes(self) -> None:
        a, b = self.tmp / "a", self.tmp / "b"
        (a / "Module.symvers").parent.mkdir()
        (b / "Module.symvers").parent.mkdir()
        (a / "Module.symvers").write_text("0x1\tkeep\tvmlinux\tEXPORT_SYMBOL\t\n"
                                          "0x2\tgone\tvmlinux\tEXPORT_SYMBOL\t\n"
                                          "0x3\tkind\tvmlinux\tEXPORT_SYMBOL\t\n")
        (b / "Module.symvers").write_text("0x1\tkeep\tvmlinux\tEXPORT_SYMBOL\t\n"
                                          "0x3\tkind\tvmlinux\tEXPORT_SYMBOL_GPL\t\n"
                                          "0x4\tnew\tvmlinux\tEXPORT_SYMBOL\tNS\n")
        mk = kernels.Built
        self.assertEqual(kernels.abi_changes(mk(a, "", 0, False, []), mk(b, "", 0, False, [])),
                         ["removed export gone", "added export new",
                          "changed export kind: EXPORT_SYMBOL -> EXPORT_SYMBOL_GPL"])

    def test_bases_pin_what_the_lanes_pin(self) -> None:
        lanes_dir = paths.ROOT / "ci" / "lanes"
        for base in bases.load_all(paths.ROOT / "patches"):
            lane = (lanes_dir / f"{base.name}.lane").read_text()
            self.assertIn(f"source_git={base.get('git')}\n", lane)
            self.assertIn(f"source_tag={base.get('tag')}\n", lane)


class Escalations(ScratchTest):
    def outcome(self, name: str, verdicts: list[apply.Verdict], touched: list[str]) -> lane.Outcome:
        b = bases.Base(name, self.tmp / f"{name}.base", {"lane": f"{name} lane"})
        resolved = bases.Resolved(b, "c0ffee", "here", False, "tiny", None)
        replay = apply.Replay(resolved, self.tmp, "c0ffee", verdicts, None)
        return lane.Outcome(resolved, replay, touched=touched)

    def test_classes_acceptance_and_verdicts(self) -> None:
        self.write("p.map", "mm/** memory-management\ninclude/uapi/** uapi\n")
        prot = tables.protected(self.tmp / "p.map")
        merged = apply.Verdict("t/0001-a.patch", "a", "resolved", files=["mm/slab.c"])
        clean = apply.Verdict("t/0002-b.patch", "b", "applied", files=["mm/util.c"])
        up = self.outcome("up", [clean], ["mm/util.c"])
        down = self.outcome("down", [merged], ["mm/slab.c", "include/uapi/linux/x.h"])
        down.abi = ["added export f"]
        found = verdict.escalations([up, down], prot, [], {}, {"abi"})
        self.assertEqual([(e.cls, e.base, e.accepted) for e in found],
                         [("memory-management", "up", False), ("memory-management", "down", False),
                          ("uapi", "", False), ("abi", "down", True)])
        self.assertEqual(found[1].line(), "memory-management: t/0001-a.patch resolved on down "
                         "(mm/slab.c)")
        # Issue 24: a clean patch in a protected path needs a human too; uapi always does.
        self.assertEqual(found[0].line(), "memory-management: t/0002-b.patch changes "
                         "memory-management code on up (mm/util.c)")
        self.assertEqual([verdict.of_base(o, found) for o in (up, down)],
                         ["needs human review", "needs human review"])
        accepted = verdict.escalations([up, down], prot, [], {},
                                       {"abi", "uapi", "memory-management"})
        self.assertEqual([verdict.of_base(o, accepted) for o in (up, down)], ["works", "works"])
        self.assertEqual(verdict.exit_status(["works", "needs human review"]), 3)
        self.assertEqual(verdict.exit_status(["fails", "needs human review"]), 1)

    def test_a_change_between_bases_and_a_config_difference(self) -> None:
        self.write("p.map", "kernel/sched/** scheduler\n")
        prot = tables.protected(self.tmp / "p.map")
        o = self.outcome("down", [], [])
        o.failures = ["t:x: fails (fail with the series)"]
        o.kernels["series"] = kernels.Built(self.tmp, "r", 0, True, ["CONFIG_FOO"])
        pair = rangediff.Pair("!", "sched: a change")
        files = {"sched: a change": ["kernel/sched/core.c"]}
        found = verdict.escalations([o], prot, [pair], files, set())
        self.assertEqual([(e.cls, e.files) for e in found],
                         [("config", ["CONFIG_FOO"]), ("scheduler", ["kernel/sched/core.c"])])
        self.assertEqual(verdict.of_base(o, found), "fails")

    def test_a_series_that_changes_vermagic_needs_a_human(self) -> None:
        # Issue 24: a series.config that changes the preemption model.
        o = self.outcome("up", [], [])
        o.vermagic = "SMP preempt mod_unload modversions -> SMP preempt_rt mod_unload modversions"
        found = verdict.escalations([o], [], [], {}, set())
        self.assertEqual([e.cls for e in found], ["config"])
        self.assertIn("preempt_rt", found[0].why)
        self.assertEqual(verdict.of_base(o, found), "needs human review")
        accepted = verdict.escalations([o], [], [], {}, {"config"})
        self.assertEqual(verdict.of_base(o, accepted), "works")


class Unmapped(ScratchTest):
    def test_touched_subsystems_without_a_kselftest_are_named(self) -> None:
        # Issue 24: 72 patches in sched, locking and mm chose no kselftest, silently.
        self.write("k.map", "fs/namei.c openat2 smoke\n")
        rules = tables.kselftests(self.tmp / "k.map")
        s = selftests.select(rules, ["fs/namei.c", "kernel/sched/core.c", "kernel/sched/fair.c",
                                     "mm/slab.c", "tools/testing/selftests/x/t.c"], False)
        self.assertEqual(s.unmapped, {"kernel/sched": 2, "mm": 1})


class SeriesConfig(ScratchTest):
    def test_the_base_kernel_key_ignores_series_config(self) -> None:
        # Issue 24: series.config applied to the base kernel too.
        cfg = self.write("series.config", "CONFIG_PREEMPT_RT=y\n")
        base = kernels.config_key("tiny", None, self.tmp)
        self.assertNotEqual(kernels.config_key("tiny", cfg, self.tmp), base)
        cfg.write_text("CONFIG_PREEMPT_RT=n\n")
        self.assertEqual(kernels.config_key("tiny", None, self.tmp), base)

    def test_series_options_leave_the_base_vermagic_check(self) -> None:
        abi = ("CONFIG_SMP=y\nCONFIG_PREEMPT_NONE=y\n# CONFIG_PREEMPT is not set\n"
               "CONFIG_MODVERSIONS=y\n")
        kept = kconfig.without(abi, {"PREEMPT_NONE", "PREEMPT"})
        self.assertEqual(kept, "CONFIG_SMP=y\nCONFIG_MODVERSIONS=y\n")
        self.assertEqual(kconfig.vermagic_options(kconfig.parse(abi)), "SMP modversions")
        self.assertEqual(kconfig.vermagic_options({"SMP": "y", "PREEMPT_RT": "y"}),
                         "SMP preempt_rt")


class ResolveCommand(ScratchTest):
    def test_the_fix_command_carries_the_series_folder(self) -> None:
        # Issue 24: with PATCHES= the printed command recorded into the checkout's own
        # patches/rerere.
        from wslx.stack import cycle
        self.assertEqual(cycle.resolve_command(cycle.Options(), "wsl-6.6"),
                         "make stack-resolve BASE=wsl-6.6")
        other = self.tmp / "my series"
        self.assertEqual(cycle.resolve_command(cycle.Options(patches=other), "wsl-6.6"),
                         f"make stack-resolve BASE=wsl-6.6 'PATCHES={other}'")


class Replays(ScratchTest):
    """Replays on tiny bases in a real work repository (issue 24): a patch git cannot
    merge three ways is fuzzed, or stops with .rej files whose fix is recorded as a
    replacement and replayed; what else the repository holds changes no verdict."""

    LINES = "".join(f"line {i}\n" for i in range(1, 31))

    def made_patch(self, before: str, after: str) -> str:
        """A format-patch of f: before -> after, from a repository of its own."""
        r = self.tmp / "author"
        shutil.rmtree(r, ignore_errors=True)
        r.mkdir()

        def git(*args: str) -> str:
            return subprocess.run(["git", *args], cwd=r, check=True, capture_output=True,
                                  text=True, env={**os.environ, **GIT}).stdout
        git("init", "-q")
        (r / "f").write_text(before)
        git("add", "f")
        git("commit", "-q", "-m", "base")
        (r / "f").write_text(after)
        git("commit", "-q", "-am", "fs: change f")
        return git("format-patch", "--stdout", "-1")

    def series_with(self, patch: str) -> series.Series:
        shutil.rmtree(self.tmp / "patches", ignore_errors=True)
        self.write("patches/series", "subsystem/fs/f\n")
        self.write("patches/subsystem/fs/f/0001-change-f.patch", patch)
        self.write("patches/manifests/b.manifest", "subsystem/fs/f\n")
        return series.load(self.tmp / "patches")

    def base(self, repo: Repo, text: str, key: str) -> bases.Resolved:
        tree = self.tmp / f"tree-{key}"
        tree.mkdir()
        (tree / "f").write_text(text)
        commit = repo.import_tree(tree, key, key)
        b = bases.Base("b", self.tmp / "b.base", {"lane": "b lane"})
        return bases.Resolved(b, commit, key, False, "tiny", None)

    def replay(self, repo: Repo, base: bases.Resolved, s: series.Series) -> apply.Verdict:
        r = apply.replay(repo, base, s, series.manifest(s, "b"))
        return r.verdicts[0]

    def test_fuzz_stop_record_and_replay(self) -> None:
        repo = Repo()
        old = self.LINES
        # The author's file differs from the base next to the change: no exact fit,
        # and its preimage is not in the base's history.
        theirs = old.replace("line 14\n", "line 14 (author)\n")
        patch = self.made_patch(theirs, theirs.replace("line 15\n", "line 15 changed\n"))
        s = self.series_with(patch)
        base = self.base(repo, old, "b1")
        v = self.replay(repo, base, s)
        self.assertEqual(v.status, "fuzzed", v.note)
        self.assertIn("fuzz", v.note)
        # Another import holding the author's blob (what a cache may have seen before)
        # changes nothing: the verdict depends on the base's own history.
        self.base(repo, theirs, "other")
        self.assertEqual(self.replay(repo, base, s).status, "fuzzed")

        # A change no fuzz can place: stopped, the rejected hunk shown, marked.
        far = old.replace("line 15\nline 16\nline 17\n", "x\ny\nz\n")
        patch = self.made_patch(far, far.replace("y\n", "y changed\n"))
        s = self.series_with(patch)
        v = self.replay(repo, base, s)
        self.assertEqual(v.status, "conflict")
        self.assertIn(".rej", v.note)
        self.assertIn("y changed", v.hunks)
        work = self.tmp / "cache" / "stack" / "work" / "b"
        with self.assertRaisesRegex(WslxError, r"f\.rej: rejected hunks still here"):
            apply.record(repo, "b", self.tmp / "patches")
        (work / "f.rej").unlink()
        (work / "f").write_text(old.replace("line 16\n", "line 16 changed by hand\n"))
        (where,) = apply.record(repo, "b", self.tmp / "patches")
        self.assertEqual(where, "resolutions/b/subsystem/fs/f/0001-change-f.patch")
        v = self.replay(repo, base, series.load(self.tmp / "patches"))
        self.assertEqual(v.status, "resolved", v.note)
        self.assertIn("recorded replacement", v.note)
        self.assertIn("changed by hand", (work / "f").read_text())
        # The patch changes: its replacement no longer holds, and says so.
        p = self.tmp / "patches/subsystem/fs/f/0001-change-f.patch"
        p.write_text(p.read_text().replace("y changed", "y changed again"))
        v = self.replay(repo, base, series.load(self.tmp / "patches"))
        self.assertEqual(v.status, "conflict")
        self.assertIn("made for another version of the patch", v.note)

    def test_a_fuzzed_patch_needs_a_human(self) -> None:
        b = bases.Base("b", self.tmp / "b.base", {"lane": "b lane"})
        resolved = bases.Resolved(b, "c0ffee", "here", False, "tiny", None)
        v = apply.Verdict("t/0001-a.patch", "a", "fuzzed", files=["fs/a.c"])
        o = lane.Outcome(resolved, apply.Replay(resolved, self.tmp, "c0ffee", [v], None))
        found = verdict.escalations([o], [], [], {}, set())
        self.assertEqual([(e.cls, e.files) for e in found], [("fuzz", ["fs/a.c"])])
        self.assertEqual(verdict.of_base(o, found), "needs human review")
