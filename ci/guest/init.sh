#!/bin/busybox sh
# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0-only
#
# /init of the test guest. Runs /plan.sh with its output on the results
# channel, a serial port of its own (the kernel command line's wslx_results=,
# which the kernel passes here as a variable: ttyS1 on x86_64), so that
# kernel messages on the console never interleave with KTAP. Then ends the machine:
# "reboot -f" with QEMU's -no-reboot exits QEMU even on kernels without ACPI,
# where "poweroff -f" would hang.
# The applet links (/bin/sh, /bin/mount, ...) are made on the host when the
# initramfs is packed: "busybox --install" here costs time on every boot.
# One exec for every mount (/etc/fstab is packed with the base archive):
# each process start costs milliseconds under TCG.
mount -a 2>/dev/null

out=/dev/${wslx_results:-ttyS1}
[ -c "$out" ] || out=/dev/console
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
cd /
# A subshell, not a new sh: one process start less. The rootfs lives in
# RAM, so there is nothing to sync before the reset.
# shellcheck source=/dev/null # the plan exists only in the guest
(. /plan.sh) >"$out" 2>&1
echo "# wslx-guest: done rc=$?" >"$out"
reboot -f
