# SPDX-License-Identifier: GPL-2.0-only
"""make adopt reading a module's own files: Kbuild or Makefile, dkms.conf, the
sources' MODULE_VERSION/DESCRIPTION; bad input named in one line."""
import shutil
import subprocess
from pathlib import Path

from helpers import ScratchTest
from wslx import adopt, paths, suggest
from wslx.errors import WslxError

FIXTURES = paths.ROOT / "tests" / "fixtures" / "adopt"


class ModuleTest(ScratchTest):
    """A module's folder written from a dict of files."""

    def module(self, files: dict[str, str]) -> Path:
        root = self.tmp / "m"
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        return root


class Read(ModuleTest):
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
    def checks(self, code: str) -> list[suggest.VersionCheck]:
        src = self.tmp / "src"
        src.mkdir(exist_ok=True)
        (src / "a.c").write_text(code)
        return suggest.version_checks(self.tmp, [src / "a.c"])

    def test_checks_map_to_probes_by_the_names_they_guard(self) -> None:
        found = self.checks(
            "#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)\n\tc = class_create(n);\n"
            "#endif\n#if LINUX_VERSION_CODE < KERNEL_VERSION(4,1,0)\n\tfrobnicate();\n#endif\n")
        self.assertEqual([(c.where, c.line) for c in found], [("src/a.c:1", "6.4"),
                                                              ("src/a.c:4", "4.1")])
        self.assertEqual(found[0].suggestions[0].macro, "HAVE_CLASS_CREATE_ONE_ARG")
        self.assertEqual(found[1].suggestions, [])

    def test_a_symbol_probe_matches_by_its_symbol(self) -> None:
        # Issue 20: sysfs_emit under a 5.10 check got "no catalogue probe".
        found = self.checks("#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 10, 0)\n"
                            "\treturn sysfs_emit(buf, \"%d\\n\", v);\n#else\n"
                            "\treturn sprintf(buf, \"%d\\n\", v);\n#endif\n")
        self.assertEqual(found[0].suggestions[0].macro, "HAVE_SYSFS_EMIT")
        self.assertTrue(found[0].suggestions[0].same_version)

    def test_the_renamed_function_ranks_first_not_alphabetically(self) -> None:
        # Issue 20: "#define timer_delete_sync del_timer_sync" under 6.2 got three
        # unrelated probes.
        found = self.checks("#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)\n"
                            "#define timer_delete_sync del_timer_sync\n#endif\n")
        macros = [s.macro for s in found[0].suggestions]
        self.assertEqual(macros[0], "HAVE_TIMER_DELETE_SYNC")
        self.assertLessEqual(set(macros), {"HAVE_TIMER_DELETE_SYNC", "HAVE_DEL_TIMER_SYNC",
                                           "HAVE_TIMER_SHUTDOWN_SYNC", "HAVE_TIMER_DELETE"})

    def test_comment_words_are_no_evidence(self) -> None:
        found = self.checks("#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 0, 0)\n"
                            "/* before kernels had strscpy */\n#endif\n")
        self.assertEqual(found[0].suggestions, [])


class WhatAdoptTakes(ModuleTest):
    def test_only_what_the_objects_include_is_taken(self) -> None:
        m = adopt.read(self.module({
            "Kbuild": "obj-m := d.o\nd-y := core/d.o\nccflags-y := -I$(src)/inc\n",
            "core/d.c": '#include "local.h"\n#include <d_api.h>\n#include <linux/fs.h>\n',
            "core/local.h": '#include "../shared.h"\n', "shared.h": "", "inc/d_api.h": "",
            "examples/user.c": "int main(void) { return 0; }\n", "tools/win/cli.c": ""}))
        self.assertEqual(sorted(m.files), ["core/d.c", "core/local.h", "inc/d_api.h", "shared.h"])
        self.assertEqual(m.left_out, ["examples/user.c", "tools/win/cli.c"])

    def test_a_script_dkms_conf_is_read_as_dkms_sources_it(self) -> None:
        # Issue 20: a dkms.conf that sets its exclusion in shell code lost it.
        m = adopt.read(self.module({
            "Kbuild": "obj-m := v.o\n", "v.c": "",
            "VERSION": "3.1.4\n",
            "dkms.conf": 'PACKAGE_NAME="v"\nPACKAGE_VERSION="$(cat VERSION)"\n'
                         'if [ -f $kernel_source_dir/.config ]; then\n'
                         '  . $kernel_source_dir/.config\n'
                         '  if [ "${CONFIG_VIDEO_DEV:-n}" = "n" ]; then\n'
                         '    BUILD_EXCLUSIVE_KERNEL="REQUIRES CONFIG_VIDEO_DEV"\n  fi\nfi\n'
                         'BUILD_EXCLUSIVE_CONFIG="CONFIG_PCI"\n'}))
        self.assertEqual((m.version, m.required_config), ("3.1.4", ["CONFIG_PCI",
                                                                    "CONFIG_VIDEO_DEV"]))

    def test_parameters_at_their_defaults_and_the_author(self) -> None:
        m = adopt.read(self.module({
            "Kbuild": "obj-m := p.o\n",
            "p.c": 'static int seed = 42;\nmodule_param(seed, int, 0444);\n'
                   'static bool fast = true;\nmodule_param(fast, bool, 0644);\n'
                   'static char *who = "wslx";\nmodule_param(who, charp, 0444);\n'
                   'static int hidden = 1;\nmodule_param(hidden, int, 0);\n'
                   'static int arr[4];\nmodule_param_array(arr, int, NULL, 0444);\n'
                   'MODULE_AUTHOR("Ada Lovelace <ada@example.org>");\n'}))
        self.assertEqual(m.params, ["seed=42", "fast=true", "who=wslx"])
        self.assertEqual(adopt._maintainer(m.author), "Ada Lovelace <ada@example.org>")
        self.assertEqual(adopt._maintainer("Nobody"), "")

    def test_make_references_in_obj_m(self) -> None:
        m = adopt.read(self.module({"Makefile": "DRIVER := zp\nobj-m := $(patsubst %,%.o,"
                                                "$(DRIVER))\n", "zp.c": ""}))
        self.assertEqual(m.name, "zp")


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
