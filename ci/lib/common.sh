# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers shared by every wslx script: where things live, one-line errors,
# progress lines, and reading the module identity (module.mk).

WSLX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export WSLX_ROOT
# Downloaded and extracted kernels outlive any one checkout or clone.
WSLX_CACHE=${WSLX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wslx}
export WSLX_CACHE
WSLX_BUILD=${WSLX_BUILD:-$WSLX_ROOT/build}
export WSLX_BUILD

# die MESSAGE: the one-line error every bad input gets, then exit 1.
die() {
	printf 'wslx: error: %s\n' "$*" >&2
	exit 1
}

# step MESSAGE: a progress line for a long step, on stderr so that
# scripts whose stdout is data still show it.
step() {
	printf '==> %s\n' "$*" >&2
}

info() {
	printf '    %s\n' "$*" >&2
}

# identity KEY: the value of KEY in module.mk ("KEY := value").
identity() {
	local key=$1 value
	value=$(sed -n "s/^${key}[[:space:]]*:=[[:space:]]*//p" "$WSLX_ROOT/module.mk")
	[[ -n $value ]] || die "module.mk: $key is not set"
	printf '%s\n' "$value"
}

# need_cmd CMD PACKAGE: fail with the package to install when CMD is absent.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "$1 not found: install the Debian package $2 (or run: make deps)"
}

# kdir_release KDIR: the kernel release a build tree or header tree is for,
# or a one-line error naming what is missing.
kdir_release() {
	local kdir=$1 uts
	[[ -d $kdir ]] || die "KDIR=$kdir: no such directory${WSLX_KDIR_HINT:+ (from $WSLX_KDIR_HINT)}"
	[[ -f $kdir/Makefile ]] || die "KDIR=$kdir: not a kernel build tree (no Makefile)"
	uts=$kdir/include/generated/utsrelease.h
	[[ -f $uts ]] ||
		die "KDIR=$kdir: no include/generated/utsrelease.h (kernel not configured and prepared, or not a header tree)"
	[[ -f $kdir/.config ]] || die "KDIR=$kdir: no .config"
	sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$uts"
}

# elapsed START: seconds since START (from $SECONDS), for progress lines.
elapsed() {
	printf '%ss' "$((SECONDS - $1))"
}
