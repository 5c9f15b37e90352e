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

# skip_lane MESSAGE: the lane cannot run here for a reason outside the
# project (its packages left the archive, say): say so and exit 77, which
# the callers report as a skip, never as a pass or a failure.
skip_lane() {
	printf 'wslx: skip: %s\n' "$*" >&2
	exit 77
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

# kernel_cc KDIR: the compiler (gcc-N) Debian's .kernelvariables says built
# the kernel, or nothing.
kernel_cc() {
	# shellcheck disable=SC2016 # $(CROSS_COMPILE) is make syntax, matched literally
	sed -n 's/^CC = .*\$(CROSS_COMPILE)\(gcc-[0-9]*\)$/\1/p' "$1/.kernelvariables" 2>/dev/null
}

# kbuild_cc_args KDIR: "CC=gcc" when the compiler the kernel was built with
# (Debian's .kernelvariables names it, e.g. gcc-10) is not installed here,
# with a note on stderr; nothing otherwise. Modules built with a different
# gcc of the same ABI load fine; the probes then answer for that compiler.
kbuild_cc_args() {
	local want
	want=$(kernel_cc "$1")
	if [[ -n $want ]] && ! command -v "$want" >/dev/null 2>&1; then
		printf '    note: %s built the kernel in %s and is not installed here: using %s\n' \
			"$want" "$1" "$(gcc -dumpfullversion 2>/dev/null | sed 's/^/gcc /')" >&2
		printf 'CC=gcc\n'
	fi
}

# in_buildroot SCRIPT ARGS...: when WSLX_BUILDROOT names a lane's build
# root (kernel.env sets it) and we are not in it yet, run SCRIPT there
# instead and exit with its status. The repository, the cache and the build
# folder (and the temporary folder) are bind-mounted at the same paths, in a private mount namespace
# that vanishes with the command, so every path means the same inside; the
# working directory is kept when it lies in one of them.
in_buildroot() {
	local root=${WSLX_BUILDROOT:-} dir script
	[[ -n $root && -z ${WSLX_IN_BUILDROOT:-} ]] || return 0
	script=$(realpath "$1")
	shift
	[[ -d $root ]] || die "build root $root is missing (run: make prepare LANE=...)"
	[[ $(id -u) -eq 0 ]] || die "building in the build root $root needs root (chroot)"
	# The cache holding the build root holds the lane's kernel too.
	WSLX_ROOT_CACHE=$(dirname "$(dirname "$root")")
	export WSLX_ROOT_CACHE
	for dir in "$WSLX_ROOT" "$WSLX_CACHE" "$WSLX_ROOT_CACHE" "$WSLX_BUILD" "${TMPDIR:-/tmp}"; do
		mkdir -p "$dir" "$root$dir"
	done
	# shellcheck disable=SC2016 # expanded by the inner shell
	exec unshare --mount --propagation private -- bash -c '
		set -e
		root=$1
		shift
		for dir in "$WSLX_ROOT" "$WSLX_CACHE" "$WSLX_ROOT_CACHE" "$WSLX_BUILD" "${TMPDIR:-/tmp}"; do
			mountpoint -q "$root$dir" || mount --bind "$dir" "$root$dir"
		done
		mount -t proc proc "$root/proc"
		cwd=/
		[[ -d $root$PWD ]] && cwd=$PWD
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root WSLX_IN_BUILDROOT=1 WSLX_CACHE="$WSLX_CACHE" \
			WSLX_BUILD="$WSLX_BUILD" ${WSLX_PROBES_DIR:+WSLX_PROBES_DIR="$WSLX_PROBES_DIR"} \
			${WSLX_VARIANT:+WSLX_VARIANT="$WSLX_VARIANT"} \
			/bin/bash -c "cd \"\$0\" && exec /bin/bash \"\$@\"" "$cwd" "$@"' \
		bash "$root" "$script" "$@"
}

# elapsed START: seconds since START (from $SECONDS), for progress lines.
elapsed() {
	printf '%ss' "$((SECONDS - $1))"
}

# wait_for PID SECONDS: 0 once PID has ended, 1 if it still runs after SECONDS.
wait_for() {
	local i
	for ((i = 0; i < $2 * 4; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.25
	done
	return 1
}
