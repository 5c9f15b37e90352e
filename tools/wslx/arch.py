# SPDX-License-Identifier: GPL-2.0-only
"""The one table of what differs between architectures.

Every part that needs an ARCH for kbuild, a Debian architecture, a
compiler, a QEMU binary and machine, a console or a boot method reads it
from here, keyed by a lane's arch=. A lane naming an arch that is not in
the table is refused when the lane is read. An arch other than the host's
is cross-built (the compilers are Debian's gcc-<triplet> packages) and
emulated by QEMU (TCG) all the same.
"""
import platform
from dataclasses import dataclass


@dataclass(frozen=True)
class Arch:
    name: str            # as lanes and uname -m say it
    kbuild: str          # kbuild's ARCH=
    debian: str          # dpkg's architecture
    triplet: str         # GNU triplet: the cross compiler's prefix without the dash
    elf_machine: int     # e_machine of its objects (EM_*)
    kconfig: str         # the option only its kernels set (the arch of a .config)
    qemu: str            # the system emulator
    qemu_machine: tuple[str, ...]  # machine, CPU and the devices left out
    console: str         # the kernel console (first serial port)
    results_console: str  # the guest's results channel, as /dev/<name>
    results_device: tuple[str, ...]  # QEMU options writing that port to channel.log
    kernel_args: str     # more kernel command line the guest needs
    boot_image: str      # "vmlinux": the ELF kernel through PVH; "image": as packaged
    qemu_config: str     # ci/config fragment a source lane's kernel needs to boot in QEMU
    kernel_image: str    # what a kernel build leaves to boot, under O=
    packed_image: str    # its compressed image, for a source lane's boot_image=bzImage ("" none)
    # A source lane's kernel release ends with it, so that one tree built for
    # two arches never shares a build/<release>/ folder (Debian's names
    # carry their arch already).
    localversion: str

    def cross_compile(self) -> str:
        """CROSS_COMPILE= for kbuild and user space on this host ("" when native)."""
        return "" if self.name == host().name else f"{self.triplet}-"

    def kbuild_args(self) -> list[str]:
        """ARCH= and, cross-building, CROSS_COMPILE= for a kbuild make."""
        cross = self.cross_compile()
        return [f"ARCH={self.kbuild}", *([f"CROSS_COMPILE={cross}"] if cross else [])]

    def gcc(self) -> str:
        """The C compiler for this arch's user space on this host."""
        return f"{self.cross_compile()}gcc"


ARCHES: dict[str, Arch] = {
    "x86_64": Arch(
        name="x86_64", kbuild="x86", debian="amd64", triplet="x86_64-linux-gnu",
        elf_machine=62, kconfig="X86_64",
        qemu="qemu-system-x86_64",
        # q35 without the default devices: the fewest things to probe at boot.
        qemu_machine=("-M", "q35", "-nodefaults"),
        console="ttyS0", results_console="ttyS1",
        results_device=("-serial", "file:channel.log"),
        kernel_args="8250.nr_uarts=2",
        # An uncompressed vmlinux booted through PVH skips the decompressor,
        # which costs seconds under TCG.
        boot_image="vmlinux", qemu_config="qemu-smoke.config", kernel_image="vmlinux",
        packed_image="arch/x86/boot/bzImage", localversion=""),
    "arm64": Arch(
        name="arm64", kbuild="arm64", debian="arm64", triplet="aarch64-linux-gnu",
        elf_machine=183, kconfig="ARM64",
        qemu="qemu-system-aarch64",
        # Pointer authentication emulated the architected way costs 3-5 times
        # the boot time under TCG; the implementation-defined one is cheap.
        qemu_machine=("-M", "virt", "-cpu", "max,pauth-impdef=on", "-nodefaults"),
        # virt has one usable PL011 (the second is the secure world's), and
        # Debian builds virtio-console as a module: the results channel is a
        # PCI 16550, which Debian's arm64 kernels drive built in (8250_PCI=y).
        console="ttyAMA0", results_console="ttyS0",
        results_device=("-chardev", "file,id=results,path=channel.log",
                        "-device", "pci-serial,chardev=results"),
        kernel_args="",
        # Debian's vmlinuz is an uncompressed Image (with a PE header): as is.
        boot_image="image", qemu_config="qemu-smoke-arm64.config",
        kernel_image="arch/arm64/boot/Image", packed_image="", localversion="-arm64"),
}


def host() -> Arch:
    """This machine's arch, as the table has it."""
    machine = platform.machine()
    for arch in ARCHES.values():
        if machine in (arch.name, arch.triplet.split("-")[0]):
            return arch
    return ARCHES["x86_64"]


def of_config(values: dict[str, str]) -> Arch | None:
    """The arch a parsed .config is for (None: not one in the table)."""
    return next((a for a in ARCHES.values() if values.get(a.kconfig) == "y"), None)
