# SPDX-License-Identifier: GPL-2.0-only
"""make adopt reading a module's own files: Kbuild or Makefile, dkms.conf, the
sources' MODULE_VERSION/DESCRIPTION; bad input named in one line."""
import shutil
import subprocess
from pathlib import Path

from helpers import ScratchTest
from wslx import adopt, paths
from wslx.errors import WslxError

FIXTURES = paths.ROOT / "tests" / "fixtures" / "adopt"


class Read(ScratchTest):
    def module(self, files: dict[str, str]) -> Path:
        root = self.tmp / "m"
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        return root

    def test_the_three_fixtures(self) -> None:
        v = adopt.read(FIXTURES / "vdev_user")
        self.assertEqual((v.name, v.objects, v.version, v.required_config),
                         ("vdev_user", ["vdev_user.c"], "1.2.0", []))
        p = adopt.read(FIXTURES / "procfs_params")
        self.assertEqual((p.name, p.objects, p.version, p.required_config),
                         ("procp", ["procp.c"], "2.3.1", ["CONFIG_PROC_FS"]))
        s = adopt.read(FIXTURES / "subdir_compat")
        self.assertEqual((s.name, s.objects, s.version),
                         ("sdc", ["core/main.c", "lib/sum.c", "lib/compat.c"], "0.9.4"))

    def test_objs_continuations_and_conditional_objects(self) -> None:
        m = adopt.read(self.module({
            "Kbuild": "obj-$(CONFIG_FOO) += foo.o\nfoo-objs := a.o \\\n\tb.o # two\n"
                      "foo-$(CONFIG_FOO_DEBUG) += dbg.o\nccflags-y += -DFOO\n",
            "a.c": "", "b.c": "MODULE_DESCRIPTION(\"the foo driver\");\n", "dbg.c": ""}))
        self.assertEqual((m.name, m.objects, m.summary),
                         ("foo", ["a.c", "b.c", "dbg.c"], "the foo driver"))
        self.assertTrue(any("foo-$(CONFIG_FOO_DEBUG)" in n for n in m.notes))
        self.assertEqual(m.cflags, ["-DFOO"])
        self.assertEqual(adopt.read(FIXTURES / "subdir_compat").cflags,
                         ["-I$(wslx-dir)/src/include"])

    def test_bad_input_is_one_line_naming_what_is_missing(self) -> None:
        cases = [
            ({"x.c": ""}, r"FROM=.*/m: no Kbuild or Makefile"),
            ({"Makefile": "all:\n\techo hi\n"}, r"Makefile name no obj-m"),
            ({"Kbuild": "obj-m := a.o b.o\n", "a.c": "", "b.c": ""},
             r"Kbuild: several modules \(a.o b.o\)"),
            ({"Kbuild": "obj-m := a.o\na-y := x.o y.o\n", "x.c": ""},
             r"Kbuild: a is built from y.o, but .*/m/y.c does not exist"),
        ]
        for files, pattern in cases:
            with self.subTest(pattern):
                shutil.rmtree(self.tmp / "m", ignore_errors=True)
                with self.assertRaisesRegex(WslxError, pattern):
                    adopt.read(self.module(files))
        with self.assertRaisesRegex(WslxError, "FROM=.*/nowhere: no such folder"):
            adopt.read(self.tmp / "nowhere")


class VersionChecks(ScratchTest):
    def test_checks_map_to_probes_that_changed_then_and_share_names(self) -> None:
        src = self.tmp / "src"
        src.mkdir()
        (src / "a.c").write_text(
            "#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)\n\tc = class_create(n);\n"
            "#endif\n#if LINUX_VERSION_CODE < KERNEL_VERSION(4,1,0)\n\tfrobnicate();\n#endif\n")
        found = adopt.version_checks(self.tmp, [src / "a.c"])
        self.assertEqual([(c.where, c.line) for c in found], [("src/a.c:1", "6.4"),
                                                              ("src/a.c:4", "4.1")])
        self.assertTrue(found[0].suggestions[0].startswith("HAVE_CLASS_CREATE_ONE_ARG"))
        self.assertEqual(found[1].suggestions, [])


class UnsavedWork(ScratchTest):
    def test_uncommitted_changes_in_what_adopt_replaces_are_refused(self) -> None:
        root = self.tmp / "tree"
        (root / "src").mkdir(parents=True)
        (root / "src" / "a.c").write_text("int a;\n")
        (root / "README").write_text("x\n")
        git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t"]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "."], check=True)
        subprocess.run([*git, "commit", "-qm", "x"], check=True)
        (root / "README").write_text("changed, but not adopt's\n")
        adopt._refuse_unsaved_work(root)
        (root / "src" / "a.c").write_text("int b;\n")
        with self.assertRaisesRegex(WslxError, r"uncommitted changes in what adopt replaces "
                                    r"\(src/a.c \.\.\.\): commit or stash them first"):
            adopt._refuse_unsaved_work(root)
