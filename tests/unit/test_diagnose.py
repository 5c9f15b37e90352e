# SPDX-License-Identifier: GPL-2.0-only
"""make fix reading build logs: each kind of kernel API change found at the user's
line with its identifier; kernel-header locations left to the user's line;
warnings only when nothing failed otherwise; no finding from a syntax error."""
from pathlib import Path

from helpers import ScratchTest
from wslx import diagnose, paths

M = "/b/6.12/src"
# A build log as kbuild writes it (stored with the fixtures, as kmod's testsuite does).
LOG = (paths.ROOT / "tests" / "fixtures" / "build-logs" / "old_api-6.12.log").read_text()


class Findings(ScratchTest):
    def test_every_kind_at_the_users_line(self) -> None:
        found = diagnose.findings(LOG, Path("/b/6.12"))
        got = [(f.where, f.kind, f.ident) for f in found]
        self.assertEqual(got, [
            (f"{M}/a.c:30", "removed", "strlcpy"),
            (f"{M}/a.c:31", "prototype", "class_create"),
            (f"{M}/a.c:34", "prototype", "proc_create"),
            (f"{M}/a.c:40", "member", "vm_flags_x"),
            (f"{M}/a.c:41", "member", "vm_flags"),
            (f"{M}/a.c:42", "type", "proc_handler_t"),
            (f"{M}/b.c:3", "header", "aclinux.h"),
            (f"{M}/c.c:2", "header", "linux/genhd.h"),
            ("/b/6.12/src/a.ko", "export", "v4l2_fh_exit"),
        ])
        self.assertIn("got too many arguments", found[1].says)
        self.assertIn("argument 4", found[2].says)
        self.assertIn("struct vm_area_struct", found[3].says)
        self.assertIn("Please don't include <acpi/acpi.h> directly", found[6].says)

    def test_the_catalogue_knows_the_identifier(self) -> None:
        (f,) = [x for x in diagnose.diagnose(LOG, self.tmp, Path("/b/6.12"))
                if x.ident == "class_create"]
        self.assertEqual(f.probes[0].macro, "HAVE_CLASS_CREATE_ONE_ARG")
        self.assertIn("catalogue: HAVE_CLASS_CREATE_ONE_ARG (since 6.4: class_create() lost "
                      "its owner argument)", f.line())

    def test_warnings_only_when_nothing_else_failed(self) -> None:
        log = f"{M}/a.c:9:13: warning: unused variable ‘x’ [-Wunused-variable]\n"
        (w,) = diagnose.diagnose(log, self.tmp, Path("/b/6.12"))
        self.assertEqual((w.kind, w.ident), ("warning", "-Wunused-variable"))
        self.assertIn("WARNINGS := allow", w.line())
        syntax = log + f"{M}/a.c:50:34: error: expected expression before ‘}}’ token\n"
        found = diagnose.diagnose(syntax, self.tmp, Path("/b/6.12"))
        self.assertEqual(found, [])
        self.assertTrue(diagnose.summary(found, "a.c:50: error: expected expression")[0]
                        .startswith("not diagnosed: no kernel API change"))

    def test_a_declaration_from_the_headers(self) -> None:
        self.write("k/include/linux/device.h",
                   "/* class_create(owner, name) was the old form */\n"
                   "struct class * __must_check class_create(const char *name);\n"
                   "size_t match_class_create(int);\n")
        self.assertEqual(diagnose.declaration(self.tmp / "k", "class_create"),
                         "struct class * __must_check class_create(const char *name)")
        self.assertEqual(diagnose.declaration(self.tmp / "k", "strlcpy"), "")


class RelativePaths(ScratchTest):
    def test_newer_kbuild_names_the_modules_files_relative_to_its_folder(self) -> None:
        # Kbuild 6.13 on (Debian's 7.2 lane) prints "src/a.c:25:9: error: ...".
        mirror = self.tmp / "b" / "7.2"
        self.write("b/7.2/src/a.c", "int x;\n")
        log = ("src/a.c:25:9: error: implicit declaration of function 'del_timer'; did you mean "
               "'add_timer'? [-Wimplicit-function-declaration]\n")
        got = [(f.where, f.kind, f.ident) for f in diagnose.findings(log, mirror)]
        self.assertEqual(got, [(f"{mirror}/src/a.c:25", "removed", "del_timer")])


class Callbacks(ScratchTest):
    def test_a_callback_is_about_its_struct_and_its_member_is_declared(self) -> None:
        src = self.write("m/a.c", "static struct platform_driver d = {\n\t.probe = p,\n"
                         "\t.remove = r,\n};\n")
        kdir = self.tmp / "k"
        self.write("k/include/linux/platform_device.h", "struct platform_driver {\n"
                   "\tint (*probe)(struct platform_device *);\n"
                   "\tvoid (*remove)(struct platform_device *);\n};\n")
        self.assertEqual(diagnose._initialised_struct(str(src), 3), "platform_driver")
        self.assertEqual(diagnose._initialised_struct(str(src), 1), "")
        self.assertEqual(diagnose.member_declaration(kdir, "platform_driver", "remove"),
                         "struct platform_driver: void (*remove)(struct platform_device *)")
        log = (f"{src}:3:19: error: initialization of 'int (*)(void)' from incompatible "
               "pointer type\n")
        (f,) = diagnose.diagnose(log, kdir)
        self.assertEqual(f.probes[0].macro, "HAVE_PLATFORM_REMOVE_VOID")
        self.assertIn("this kernel: struct platform_driver: void (*remove)", f.line())
