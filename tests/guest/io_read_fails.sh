#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# With copy_to_user failing: a read must return EFAULT to the caller.
set -eu
printf 'data' >/dev/wslx_ring
if dd if=/dev/wslx_ring of=/dev/null bs=16 count=1 2>/tmp/err; then
	echo "io_read_fails.sh: the read succeeded" >&2
	exit 1
fi
grep -q 'Bad address' /tmp/err || { cat /tmp/err >&2; exit 1; }
