#!/bin/busybox sh
# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0-only
#
# /init of the test guest. Runs /plan.sh with its output on the second
# serial port (ttyS1), the results channel, so that kernel messages on the
# console (ttyS0) never interleave with KTAP. Then ends the machine:
# "reboot -f" with QEMU's -no-reboot exits QEMU even on kernels without ACPI,
# where "poweroff -f" would hang.
/bin/busybox mkdir -p /proc /sys /dev /tmp /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs tmpfs /tmp

out=/dev/ttyS1
[ -c "$out" ] || out=/dev/console
# Raw mode: no CR/LF translation or echo on the results channel.
stty -F "$out" raw -echo 2>/dev/null
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
cd /
sh /plan.sh >"$out" 2>&1
echo "# wslx-guest: done rc=$?" >"$out"
sync
reboot -f
