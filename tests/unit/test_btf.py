# SPDX-License-Identifier: GPL-2.0-only
"""The BTF reader (issue 21): declarations spelt as C writes them, from BTF that
gcc and pahole really encoded for a fixture, and the finding line that shows a
declaration beside a reference kernel's."""
import shutil
import subprocess
from pathlib import Path

from helpers import ScratchTest
from wslx import btf, diagnose, paths

FIXTURES = paths.ROOT / "tests" / "fixtures" / "btf"
FIXTURE = FIXTURES / "decls.c"


def encoded(source: Path, obj: Path) -> Path:
    """source compiled with -g and its BTF encoded by pahole, as a kernel build does."""
    subprocess.run(["gcc", "-g", "-O1", "-c", str(source), "-o", str(obj)], check=True)
    subprocess.run(["pahole", "-J", str(obj)], check=True, capture_output=True)
    return obj


class Reader(ScratchTest):
    def setUp(self) -> None:
        super().setUp()
        for tool in ("gcc", "pahole"):
            self.assertIsNotNone(shutil.which(tool), f"{tool} is needed (make deps)")
        self.obj = encoded(FIXTURE, self.tmp / "decls.o")
        self.types = btf.Btf(self.obj)

    def test_prototypes(self) -> None:
        # pfunct spells the first parameter "const char *p": a pointer to const.
        self.assertEqual(self.types.prototype("fortified"),
                         "size_t fortified(char *const p, const char *const q, size_t size)")
        self.assertEqual(self.types.prototype("takes_callback"),
                         "int takes_callback(void (*cb)(int, void *), int *restrict v, "
                         "const struct drv *d)")
        self.assertEqual(self.types.prototype("not_there"), "")
        self.assertEqual(self.types.prototype("bad name"), "")

    def test_members_in_unions_arrays_and_callbacks(self) -> None:
        got = {m: self.types.member("drv", m)
               for m in ("probe", "remove", "flags", "name", "table", "gone")}
        self.assertEqual(got, {
            "probe": "struct drv: int (*probe)(struct dev *)",
            "remove": "struct drv: void (*remove)(struct dev *)",
            "flags": "struct drv: const unsigned long flags",
            "name": "struct drv: char name[16]",
            "table": "struct drv: int (*table[4])(int)",
            "gone": ""})
        self.assertEqual(self.types.member("dev", "x"), "")   # a forward declaration

    def test_types_without_names_for_a_probe(self) -> None:
        self.assertEqual(self.types.pointer_type("fortified"),
                         "size_t (*)(char *const, const char *const, size_t)")
        self.assertEqual(self.types.member_type("drv", "remove"), "void (*)(struct dev *)")
        self.assertEqual(self.types.member_type("drv", "table"), "int (*[4])(int)")
        self.assertEqual((self.types.pointer_type("gone"), self.types.member_type("drv", "x")),
                         ("", ""))

    def test_no_btf_is_no_answer(self) -> None:
        plain = self.tmp / "plain.o"
        subprocess.run(["gcc", "-c", str(FIXTURE), "-o", str(plain)], check=True)
        self.assertEqual(btf.Btf(plain).prototype("fortified"), "")
        self.assertEqual(btf.Btf(plain).missing, f"no BTF in {plain}")
        self.assertEqual(btf.Btf(FIXTURE).prototype("fortified"), "")   # not an ELF
        self.assertEqual(btf.Btf(None).missing, "no vmlinux with BTF beside the kernel")
        self.assertEqual(btf.Btf(self.tmp / "gone").missing, f"no BTF in {self.tmp / 'gone'}")

    def test_a_damaged_btf_is_no_answer(self) -> None:
        # The type section's length made larger than the section: a truncated vmlinux.
        data = bytearray(self.obj.read_bytes())
        at = data.index(btf.section(self.obj, ".BTF")[:24])
        data[at + 12:at + 16] = (1 << 30).to_bytes(4, "little")
        damaged = self.write("damaged.o", "")
        damaged.write_bytes(bytes(data))
        self.assertEqual(btf.Btf(damaged).prototype("fortified"), "")
        self.assertEqual(btf.Btf(damaged).missing, f"no BTF in {damaged}")

    def test_the_reference_kernels_declaration_beside(self) -> None:
        src = self.write("m/a.c", "int f(void)\n{\n\treturn fortified(a, b);\n}\n")
        log = f"{src}:3:16: error: too few arguments to function 'fortified'\n"
        (f,) = diagnose.diagnose(log, self.tmp / "k")
        self.assertEqual(f.declaration, "")
        diagnose.beside([f], self.tmp / "k", self.obj, "lane-a (last passed)")
        self.assertIn("; lane-a (last passed): size_t fortified(char *const p, "
                      "const char *const q, size_t size)", f.line())

    def test_a_rename_is_found_by_its_shape(self) -> None:
        before = btf.Btf(encoded(FIXTURES / "before.c", self.tmp / "before.o"))
        after = btf.Btf(encoded(FIXTURES / "after.c", self.tmp / "after.o"))
        exported = {"dev_freeze", "dev_freeze_one", "dev_thaw_all"}
        self.assertEqual(after.renamed("freeze_dev", before, exported), ["dev_freeze"])
        self.assertEqual(after.renamed("freeze_dev", before),
                         ["dev_freeze", "dev_freeze_unexported"])
        self.assertEqual(after.renamed("dev_thaw_all", before, exported), [])  # not gone
        self.assertEqual(after.renamed("never_was", before, exported), [])

    def test_the_line_names_the_rename(self) -> None:
        kdir = self.tmp / "k"
        self.write("k/Module.symvers", "0x1\tdev_freeze\tvmlinux\tEXPORT_SYMBOL\t\n")
        src = self.write("m/a.c", "int f(void)\n{\n\treturn freeze_dev(d, 1);\n}\n")
        log = f"{src}:3:16: error: implicit declaration of function 'freeze_dev'\n"
        (f,) = diagnose.diagnose(log, kdir)
        diagnose.beside([f], kdir, encoded(FIXTURES / "before.c", self.tmp / "b.o"), "old (x)",
                        (kdir, encoded(FIXTURES / "after.c", self.tmp / "a.o")))
        self.assertIn("; old (x): int freeze_dev(struct dev *d, unsigned int how); perhaps "
                      "renamed: dev_freeze() (new, exported, the same prototype)", f.line())
