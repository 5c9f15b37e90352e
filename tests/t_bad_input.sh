#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Bad input to the front door and the scripts: each gets exactly one
# "wslx: error:" line naming what is wrong, and a non-zero exit.
source "$(dirname "$0")/lib.sh"

m() { make -s -C "$WSLX_ROOT" "$@"; }

expect_error "make KDIR=<missing dir>" "KDIR=$TMP/nope: no such directory" m KDIR="$TMP/nope"
expect_error "make KDIR=<not a kernel tree>" "KDIR=$TMP: not a kernel build tree (no Makefile)" m KDIR="$TMP"

# A tree with a Makefile but no prepared headers (what "missing headers"
# looks like after a half-finished install).
mkdir -p "$TMP/half"
echo 'all:' >"$TMP/half/Makefile"
expect_error "make KDIR=<headers not prepared>" "KDIR=$TMP/half: no include/generated/utsrelease.h" m KDIR="$TMP/half"

# A real header tree for a kernel outside module.mk's range.
mkdir -p "$TMP/old/include/generated"
echo 'all:' >"$TMP/old/Makefile"
echo 'CONFIG_MODULES=y' >"$TMP/old/.config"
echo '#define UTS_RELEASE "4.19.0-27-amd64"' >"$TMP/old/include/generated/utsrelease.h"
expect_error "make KDIR=<kernel outside the supported range>" "kernel 4.19.0-27-amd64 is outside the supported range" m KDIR="$TMP/old"

expect_error "make LANE=<unknown lane>" "LANE=nope: no such lane (known: .*debian-6.1" m LANE=nope
expect_error "make smoke LANE=<unknown lane>" "LANE=nope: no such lane" m smoke LANE=nope
expect_error "make LANE=<path, not a name>" "LANE=../x: not a lane name" m LANE=../x
# A command the lane's build root does not have: one line, not a traceback.
expect_error "in-lane with a command the build root lacks" \
	"wslx-no-such-command: cannot run in the build root .*debian-7.2 (No such file or directory)" \
	"$WSLX_ROOT/tools/wslx-cli" in-lane debian-7.2 -- wslx-no-such-command

# The running kernel's headers are not installed on this host.
# The advice names the headers package only where Debian has one.
if [[ ! -e /lib/modules/$(uname -r)/build ]]; then
	if [[ -n $(apt-cache show --no-all-versions "linux-headers-$(uname -r)" 2>/dev/null) ]]; then
		advice="install linux-headers-$(uname -r); or use KDIR= or LANE="
	else
		advice="Debian has no linux-headers-$(uname -r) package for this kernel; or use KDIR= or LANE="
	fi
	expect_error "make with no headers for the running kernel" "$advice" m
else
	skip "make with no headers for the running kernel" "this host has headers for $(uname -r)"
fi

expect_error "make faults LANE=<unknown lane>" "LANE=nope: no such lane" m faults LANE=nope
expect_error "make burnin N=<not a number>" "N=abc: not a positive number of cycles" m burnin N=abc
expect_error "make fuzz FUZZ_SECONDS=<not a number>" "FUZZ_SECONDS=x: not a positive number" m fuzz FUZZ_SECONDS=x

q=$WSLX_ROOT/ci/qemu_run.sh
echo true >"$TMP/plan.sh"
expect_error "qemu_run.sh --timeout abc" "--timeout abc: not a positive number" "$q" --kernel /bin/true --plan "$TMP/plan.sh" --out "$TMP/q" --timeout abc
expect_error "qemu_run.sh --kernel <missing>" "--kernel $TMP/vmlinux: cannot read" "$q" --kernel "$TMP/vmlinux" --plan "$TMP/plan.sh" --out "$TMP/q"
expect_error "qemu_run.sh --bogus" "unrecognized arguments: --bogus x" "$q" --bogus x
