# SPDX-License-Identifier: GPL-2.0-only
"""make fix's proposals: the catalogue's migrations (compat/fixes/*.cocci) are well
formed and name what exists; spatch turns each fixture break into the shim's
spelling; a use a migration does not match is left and said so; the user's tree
is never written."""
import re
import shutil
import subprocess
import unittest

from helpers import ScratchTest
from wslx import newprobe, paths, probes, propose
from wslx.diagnose import Finding
from wslx.errors import WslxError
from wslx.suggest import Suggestion

BREAKS = paths.ROOT / "tests" / "fixtures" / "api_breaks"
COMPAT = (paths.ROOT / "compat" / "compat.h").read_text()


def probe_macros() -> set[str]:
    return {m.group(1) for p in (paths.ROOT / "probes").glob("*.c")
            for m in [re.search(r"^ \* probe: (\w+)", p.read_text(), re.M)] if m}


@unittest.skipUnless(shutil.which("spatch"), "needs Coccinelle (ci/install_deps.sh checks)")
class Catalogue(unittest.TestCase):
    def test_every_migration_is_complete_and_names_what_exists(self) -> None:
        known = propose.migrations()
        self.assertGreaterEqual(len(known), 10)
        macros = probe_macros()
        for m in known:
            with self.subTest(m.name):
                self.assertIn(m.probe, macros, f"{m.path}: no probe defines {m.probe}")
                for shim in re.findall(r"\b(wslx_\w+|WSLX_[A-Z_]+)", m.shim):
                    self.assertRegex(COMPAT, rf"#define {shim}\b", f"{m.path}: {shim}")
                done = subprocess.run(["spatch", "--parse-cocci", str(m.path)],
                                      capture_output=True, text=True)
                self.assertEqual(done.returncode, 0, done.stderr[-400:])

    def test_an_incomplete_header_is_named(self) -> None:
        with self.assertRaises(WslxError) as ctx:
            scratch = ScratchTest("setUp")
            scratch.setUp()
            try:
                (scratch.tmp / "x.cocci").write_text("// probe: HAVE_X\n// fixes: x\n@@\n@@\n")
                propose.migrations(scratch.tmp)
            finally:
                scratch.doCleanups()
        self.assertRegex(str(ctx.exception), r"x\.cocci: no '// shim:' line in its header$")


@unittest.skipUnless(shutil.which("spatch"), "needs Coccinelle (ci/install_deps.sh checks)")
class Propose(ScratchTest):
    def module(self, name: str) -> str:
        rel = f"src/{name}.c"
        self.write(rel, (BREAKS / f"{name}.c").read_text())
        return rel

    def finding(self, rel: str, ident: str, kind: str = "removed") -> Finding:
        line = next(i for i, text in enumerate((self.tmp / rel).read_text().splitlines(), 1)
                    if ident in text)
        return Finding(f"{rel}:{line}", kind, ident, "changed")

    def test_each_break_with_a_migration_becomes_the_shims_spelling(self) -> None:
        cases = {"class_create": ("class_create", "wslx_class_create(\"wslx_cc\")"),
                 "del_timer_sync": ("del_timer_sync", "wslx_timer_delete_sync(&dt_timer);"),
                 "del_timer": ("del_timer", "wslx_timer_delete(&dt_timer);"),
                 "from_timer": ("from_timer", "wslx_timer_container_of(s, t, timer);"),
                 "no_llseek": ("no_llseek", ".llseek = wslx_no_llseek,"),
                 "prandom_u32_max": ("prandom_u32_max", "wslx_random_below(6);"),
                 "prandom_u32": ("prandom_u32", "pr_seed = get_random_u32();"),
                 "strlcpy": ("strlcpy", "strscpy(sl_name, "),
                 "vm_flags": ("vm_flags", "wslx_vm_flags_clear(vma, VM_MAYWRITE);"),
                 "proc_ops": ("proc_create", ".proc_release = single_release,")}
        for name, (ident, want) in cases.items():
            with self.subTest(name):
                rel = self.module(name)
                before = (self.tmp / rel).read_text()
                prop = propose.propose([self.finding(rel, ident)], [rel], self.tmp)
                self.assertEqual([f.ident for f, _ in prop.fixed], [ident], prop.left)
                self.assertIn(want, prop.files[rel])
                self.assertIn(f"--- a/{rel}\n+++ b/{rel}\n", prop.diff)
                self.assertEqual((self.tmp / rel).read_text(), before)
                if "wslx_" in want:
                    self.assertIn('\n\n#include "compat.h"\n', prop.files[rel])

    def test_a_platform_remove_that_returns_int(self) -> None:
        """Found by its probe (the finding names the member, .remove): a callback that
        only returns 0 takes the shim's type; one that returns an error is left."""
        rel = self.module("platform_remove")
        found = self.finding(rel, ".remove = pr_remove", "prototype")
        found.ident = "remove"
        found.probes = [Suggestion("HAVE_PLATFORM_REMOVE_VOID", 1.0, ["platform_driver"], True)]
        prop = propose.propose([found], [rel], self.tmp)
        self.assertEqual([m.name for _, m in prop.fixed], ["platform_remove_void"], prop.left)
        self.assertIn("static WSLX_PLATFORM_REMOVE_T pr_remove(struct platform_device *pdev)\n"
                      "{\n\treturn WSLX_PLATFORM_REMOVE_VALUE;\n}", prop.files[rel])
        self.assertIn("static int pr_probe(", prop.files[rel])
        self.assertIn('\n\n#include "compat.h"\n', prop.files[rel])
        text = (self.tmp / rel).read_text().replace(
            "pr_remove(struct platform_device *pdev)\n{\n",
            "pr_remove(struct platform_device *pdev)\n{\n\tif (!pdev)\n\t\treturn -EINVAL;\n")
        (self.tmp / rel).write_text(text)
        prop = propose.propose([found], [rel], self.tmp)
        self.assertEqual(prop.files, {})
        self.assertRegex(prop.left[0][1], r"^platform_remove_void\.cocci does not match")

    def test_a_use_the_migration_does_not_match_is_left(self) -> None:
        rel = self.write("src/m.c", "#include <linux/string.h>\nint f(char *d, const char *s)\n"
                         "{\n\treturn strlcpy(d, s, 8) >= 8;\n}\n").relative_to(self.tmp)
        prop = propose.propose([Finding(f"{rel}:4", "removed", "strlcpy", "gone")],
                               [str(rel)], self.tmp)
        self.assertEqual(prop.files, {})
        self.assertRegex(prop.left[0][1], r"^sym_strlcpy\.cocci does not match this use")

    def test_no_migration_and_warnings_are_left_with_why(self) -> None:
        rel = self.module("platform_remove")
        prop = propose.propose([self.finding(rel, "pr_probe", "prototype"),
                                Finding(f"{rel}:1", "warning", "-Wunused", "failed the build "
                                        "(x; module.mk WARNINGS := allow lets warnings through)")],
                               [rel], self.tmp)
        self.assertEqual(prop.files, {})
        self.assertEqual(prop.left[0][1], "no migration in compat/fixes/ for it")
        self.assertIn("WARNINGS := allow", prop.left[1][1])
        self.assertIn("no proposal", propose.summary(prop, self.tmp / "p")[-1])


class NewProbe(ScratchTest):
    def test_a_moved_header_is_found_by_its_name(self) -> None:
        kdir = self.tmp / "k"
        for rel in ("include/linux/unaligned.h", "include/uapi/linux/unaligned.h",
                    "arch/x86/include/asm/other.h"):
            self.write(f"k/{rel}", "")
        self.assertEqual(newprobe.moved_to("asm/unaligned.h", kdir), "linux/unaligned.h")
        self.assertIsNone(newprobe.moved_to("asm/gone.h", kdir))

    def test_the_probe_is_in_the_catalogues_format_and_the_include_switches(self) -> None:
        name, macro, text = newprobe.probe_text("linux/unaligned.h", "asm/unaligned.h",
                                                "after 6.1, by 6.12", "6.1=no 6.12=yes")
        self.assertEqual((name, macro), ("linux_unaligned_h", "HAVE_LINUX_UNALIGNED_H"))
        path = self.write(f"probes/{name}.c", text)
        p = probes.parse(path)
        self.assertEqual((p.macro, p.kind, p.expect), (macro, "compile",
                                                       {"6.1": "no", "6.12": "yes"}))
        gen = newprobe.Generated(name, macro, text, {}, "asm/unaligned.h", "linux/unaligned.h")
        got = newprobe.include_switch("#include <asm/unaligned.h>\n#include <linux/module.h>\n",
                                      gen)
        self.assertTrue(got.startswith("#ifdef HAVE_LINUX_UNALIGNED_H\n#include "
                                       "<linux/unaligned.h>\n#else\n#include <asm/unaligned.h>\n"
                                       "#endif\n#include <linux/module.h>\n"), got)

    def test_a_changed_type_gets_a_compile_probe_on_the_users_includes(self) -> None:
        f = Finding("src/a.c:3", "prototype", "remove", "expects another type", owner="drv",
                    new_type="void (*)(struct dev *)")
        includes = newprobe.kernel_includes('#include <linux/module.h>\n#include "local.h"\n'
                                            "#include <linux/platform_device.h>\n")
        self.assertEqual(includes, ["#include <linux/module.h>",
                                    "#include <linux/platform_device.h>"])
        name, macro, text = newprobe.type_probe_text(f, includes, "after 6.1, by 6.12",
                                                     "6.1=no 6.12=yes")
        self.assertEqual((name, macro), ("drv_remove_type", "HAVE_DRV_REMOVE_TYPE"))
        p = probes.parse(self.write(f"probes/{name}.c", text))
        self.assertEqual((p.kind, p.expect), ("compile", {"6.1": "no", "6.12": "yes"}))
        self.assertIn("#include <linux/platform_device.h>\n\n_Static_assert("
                      "__builtin_types_compatible_p(__typeof__(((struct drv *)0)->remove),\n"
                      "\t\t\t\t\t    void (*)(struct dev *)),", text)

    def test_a_rename_probe_is_a_symbol_probe_and_the_old_name_stands_for_the_new(self) -> None:
        name, macro, text = newprobe.rename_probe_text("get_inode_acl", "get_acl",
                                                       "after 5.10, by 6.12", "5.10=no 6.12=yes")
        self.assertEqual((name, macro), ("sym_get_inode_acl", "HAVE_GET_INODE_ACL"))
        p = probes.parse(self.write(f"probes/{name}.c", text))
        self.assertEqual((p.macro, p.kind, p.expect),
                         (macro, "symbol", {"5.10": "no", "6.12": "yes"}))
        self.assertIn("\n * symbol: get_inode_acl\n", text)
        gen = newprobe.Generated(name, macro, text, {}, "get_acl", "get_inode_acl")
        source = "#include <linux/fs.h>\n#include \"compat.h\"\n\nint f(void);\n"
        got = newprobe.rename_switch(source, gen)
        self.assertEqual(got, "#include <linux/fs.h>\n#include \"compat.h\"\n\n/* get_acl() is "
                         "get_inode_acl() where the kernel has it (probes/sym_get_inode_acl.c). "
                         "*/\n#ifdef HAVE_GET_INODE_ACL\n#define get_acl get_inode_acl\n#endif\n"
                         "\nint f(void);\n")
