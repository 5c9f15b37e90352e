# SPDX-License-Identifier: GPL-2.0-only
"""The one table of what differs between architectures.

Every part that needs an ARCH for kbuild, a Debian architecture, a QEMU
binary and machine, a console or a boot method reads it from here, keyed by
a lane's arch=. A lane naming an arch that is not in the table is refused
when the lane is read.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Arch:
    name: str            # as lanes and uname -m say it
    kbuild: str          # kbuild's ARCH=
    debian: str          # dpkg's architecture
    elf_machine: int     # e_machine of its objects (EM_*)
    qemu: str            # the system emulator
    qemu_machine: tuple[str, ...]  # machine, CPU and the devices left out
    console: str         # the kernel console (first serial port)
    results_console: str  # the guest's results channel (second serial port)
    boot_image: str      # "vmlinux": the ELF kernel through PVH; "image": as packaged
    cross_compile: str   # CROSS_COMPILE= when the host is x86_64 ("" native)


ARCHES: dict[str, Arch] = {
    "x86_64": Arch(
        name="x86_64", kbuild="x86", debian="amd64", elf_machine=62,
        qemu="qemu-system-x86_64",
        # q35 without the default devices: the fewest things to probe at boot.
        qemu_machine=("-M", "q35", "-nodefaults"),
        console="ttyS0", results_console="ttyS1",
        # An uncompressed vmlinux booted through PVH skips the decompressor,
        # which costs seconds under TCG.
        boot_image="vmlinux", cross_compile=""),
}
