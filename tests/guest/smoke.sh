#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Functional check run by "modcheck smoke --run" while wslx_ring is loaded
# (busybox sh in the test guest). Exits non-zero, naming the first thing
# that is wrong. The kselftest tests in tests/ go much further.
set -eu
dev=/dev/wslx_ring
sys=/sys/class/misc/wslx_ring

fail() {
	echo "smoke.sh: $*" >&2
	exit 1
}

[ -c "$dev" ] || fail "$dev is not a character device"
[ "$(cat "$sys/size")" = 4096 ] || fail "size is $(cat "$sys/size"), expected 4096"
[ "$(cat "$sys/used")" = 0 ] || fail "used is not 0 on a fresh ring"

printf 'hello ring' >"$dev"
[ "$(cat "$sys/used")" = 10 ] || fail "used is $(cat "$sys/used") after writing 10 bytes"
got=$(dd if="$dev" bs=64 count=1 2>/dev/null)
[ "$got" = "hello ring" ] || fail "read back '$got', wrote 'hello ring'"
[ "$(cat "$sys/used")" = 0 ] || fail "used is not 0 after reading everything"

[ "$(cat /sys/class/wslx/version)" = "$(cat /sys/module/wslx_ring/version)" ] ||
	fail "/sys/class/wslx/version does not match the module version"

echo relabelled >"$sys/label"
[ "$(cat "$sys/label")" = relabelled ] || fail "label did not change"

grep -q '^bytes_written 10$' /sys/kernel/debug/wslx_ring/stats ||
	fail "debugfs stats do not count the 10 bytes written"
