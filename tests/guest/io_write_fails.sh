#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# With copy_from_user failing: a write must fail and leave the ring empty.
set -eu
if printf 'data' 2>/tmp/err >/dev/wslx_ring; then
	echo "io_write_fails.sh: the write succeeded" >&2
	exit 1
fi
[ "$(cat /sys/class/misc/wslx_ring/used)" = 0 ] || { echo "io_write_fails.sh: bytes were stored" >&2; exit 1; }
