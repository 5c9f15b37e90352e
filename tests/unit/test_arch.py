# SPDX-License-Identifier: GPL-2.0-only
"""The arch table and the shipped scripts' choice of ARCH and cross compiler."""
import platform
import subprocess
import unittest
from pathlib import Path

from helpers import ScratchTest
from wslx import arch, lanes, paths, sourcelane
from wslx.arch import ARCHES
from wslx.errors import WslxError
from wslx.lanes import Lane

LIB = paths.ROOT / "packaging" / "dkms" / "shipped" / "lib.sh"


def shipped(function: str, kdir: Path, env: dict[str, str] | None = None) -> str:
    """A lib.sh function's stdout for kdir (stderr dropped: notes, not answers)."""
    done = subprocess.run(["bash", "-c", f'source "$1"; {function} "$2"', "lib", str(LIB),
                           str(kdir)], capture_output=True, text=True, env=env)
    return done.stdout


class Table(unittest.TestCase):
    def test_host_is_this_machine(self) -> None:
        machine = platform.machine()
        self.assertIn(machine, (arch.host().name, arch.host().triplet.split("-")[0]))

    def test_only_a_foreign_arch_is_cross_compiled(self) -> None:
        for a in ARCHES.values():
            if a == arch.host():
                self.assertEqual((a.cross_compile(), a.gcc()), ("", "gcc"))
            else:
                self.assertEqual(a.cross_compile(), f"{a.triplet}-")
                self.assertEqual(a.gcc(), f"{a.triplet}-gcc")

    def test_a_config_names_its_arch(self) -> None:
        self.assertEqual(arch.of_config({"ARM64": "y", "64BIT": "y"}), ARCHES["arm64"])
        self.assertEqual(arch.of_config({"X86_64": "y"}), ARCHES["x86_64"])
        self.assertIsNone(arch.of_config({"RISCV": "y"}))

    def test_each_arch_has_its_own_results_port(self) -> None:
        for a in ARCHES.values():
            self.assertNotEqual(a.console, a.results_console, a.name)
            self.assertTrue(any("channel.log" in o for o in a.results_device), a.name)
            self.assertTrue((paths.ROOT / "ci" / "config" / a.qemu_config).is_file(), a.name)


class SourceLaneImage(ScratchTest):
    """What a source lane boots comes from the arch table."""

    def lane(self, arch_name: str, extra: str = "") -> Lane:
        self.write(f"lanes/s-{arch_name}.lane", f"kind=source\ndescription=d\narch={arch_name}\n"
                   f"line=6.6\nfull_config=defconfig:defconfig\n{extra}")
        return lanes.load(f"s-{arch_name}")

    def test_each_arch_boots_its_own_image(self) -> None:
        self.assertEqual(sourcelane.boot_image(self.lane("arm64")), "arch/arm64/boot/Image")
        self.assertEqual(sourcelane.boot_image(self.lane("x86_64")), "vmlinux")
        self.assertEqual(sourcelane.boot_image(self.lane("x86_64", "boot_image=bzImage\n")),
                         "arch/x86/boot/bzImage")

    def test_a_packed_image_the_arch_lacks_is_named_before_building(self) -> None:
        lane = self.lane("arm64", "boot_image=bzImage\n")
        with self.assertRaisesRegex(WslxError, r"s-arm64.lane: boot_image=bzImage: arch arm64 "
                                    r"boots its arch/arm64/boot/Image"):
            sourcelane.prepare(lane)


class ShippedScripts(ScratchTest):
    """What build_module.sh and run_probes.sh pass to kbuild for a kernel's arch."""

    def kdir(self, option: str, kernelvariables: str = "") -> Path:
        kdir = self.tmp / option
        self.write(f"{option}/.config", f"CONFIG_{option}=y\nCONFIG_MODULES=y\n")
        if kernelvariables:
            self.write(f"{option}/.kernelvariables", kernelvariables)
        return kdir

    def test_a_foreign_kernel_is_cross_built(self) -> None:
        foreign = next(a for a in ARCHES.values() if a != arch.host())
        kdir = self.kdir(foreign.kconfig)
        self.assertEqual(shipped("kbuild_cc_args", kdir).split(),
                         [f"ARCH={foreign.kbuild}", f"CROSS_COMPILE={foreign.triplet}-"])

    def test_the_users_cross_compile_wins(self) -> None:
        foreign = next(a for a in ARCHES.values() if a != arch.host())
        kdir = self.kdir(foreign.kconfig)
        env = {"PATH": "/usr/bin:/bin", "CROSS_COMPILE": "/opt/tc/bin/my-"}
        self.assertEqual(shipped("cross_prefix", kdir, env).strip(), "/opt/tc/bin/my-")

    def test_a_native_kernel_gets_no_arch_arguments(self) -> None:
        kdir = self.kdir(arch.host().kconfig)
        self.assertEqual(shipped("kbuild_cc_args", kdir), "")

    def test_a_missing_kernel_compiler_falls_back_to_the_cross_gcc(self) -> None:
        foreign = next(a for a in ARCHES.values() if a != arch.host())
        kdir = self.kdir(foreign.kconfig, "CC = $(CROSS_COMPILE)gcc-999\n")
        self.assertEqual(shipped("kbuild_cc_args", kdir).split()[-1],
                         f"CC={foreign.triplet}-gcc")

    def test_a_missing_cross_compiler_is_one_line(self) -> None:
        foreign = next(a for a in ARCHES.values() if a != arch.host())
        kdir = self.kdir(foreign.kconfig)
        done = subprocess.run(["bash", "-c", 'source "$1"; check_cross_compiler "$2"', "lib",
                               str(LIB), str(kdir)], capture_output=True, text=True,
                              env={"PATH": "/nonexistent:/bin", "CROSS_COMPILE": "nope-"})
        self.assertEqual(done.returncode, 1)
        self.assertEqual(done.stderr.count("\n"), 1)
        self.assertIn("nope-gcc is not installed (from CROSS_COMPILE=nope-)", done.stderr)
        self.assertIn(f"KDIR={kdir}", done.stderr)


if __name__ == "__main__":
    unittest.main()
