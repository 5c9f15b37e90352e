# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# What the module build and the probe runner need, and nothing more: these
# scripts ship with DKMS to machines where Python cannot be assumed (the
# harness in tools/wslx/ runs them too, so a developer's build and DKMS's
# are the same). No chroot, no lanes: a build root, when a lane needs one,
# is entered by the harness around these scripts.

# The module's tree: module.mk three folders up (packaging/dkms/shipped/),
# in the repository and in the DKMS source tree alike.
WSLX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
export WSLX_ROOT
# Probe answers are cached here; DKMS points both inside its build folder.
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

# identity_or KEY DEFAULT: KEY's value in module.mk, or DEFAULT when it
# has none (the policy keys are optional).
identity_or() {
	local value
	value=$(sed -n "s/^${1}[[:space:]]*:=[[:space:]]*//p" "$WSLX_ROOT/module.mk")
	printf '%s\n' "${value:-$2}"
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

# kernel_arch KDIR: the kbuild ARCH and GNU triplet of the kernel in KDIR
# (its .config says which), tab-separated; nothing for an arch not known here.
kernel_arch() {
	if grep -q '^CONFIG_ARM64=y$' "$1/.config"; then
		printf 'arm64\taarch64-linux-gnu\n'
	elif grep -q '^CONFIG_X86_64=y$' "$1/.config"; then
		printf 'x86\tx86_64-linux-gnu\n'
	fi
}

# cross_prefix KDIR: the CROSS_COMPILE prefix for the kernel in KDIR when
# it is for another architecture than this machine ($CROSS_COMPILE wins);
# nothing for a native kernel.
cross_prefix() {
	local arch triplet host
	IFS=$'\t' read -r arch triplet < <(kernel_arch "$1") || return 0
	case $(uname -m) in
	aarch64 | arm64) host=arm64 ;;
	*) host=x86 ;;
	esac
	[[ $arch != "$host" ]] || return 0
	printf '%s\n' "${CROSS_COMPILE:-$triplet-}"
}

# check_cross_compiler KDIR: a one-line error when the kernel in KDIR is for
# another architecture and its cross compiler is not installed (run it in
# the script itself: kbuild_cc_args runs in a subshell).
check_cross_compiler() {
	local cross hint
	cross=$(cross_prefix "$1")
	[[ -n $cross ]] && ! command -v "${cross}gcc" >/dev/null 2>&1 || return 0
	# The user's own prefix is theirs to fix; the default one is a Debian package.
	hint="Debian package gcc-${cross%-}"
	[[ -z ${CROSS_COMPILE:-} ]] || hint="from CROSS_COMPILE=$CROSS_COMPILE"
	die "KDIR=$1 is a kernel for $(kernel_arch "$1" | cut -f1), and ${cross}gcc is not installed ($hint)"
}

# kbuild_cc_args KDIR: the make arguments that pick the compiler, one per
# line. For a kernel of another architecture, ARCH= and CROSS_COMPILE=
# (Debian's gcc-<triplet> packages cross-build). Then "CC=<prefix>gcc" when
# the compiler the kernel was built with (Debian's .kernelvariables names
# it, e.g. gcc-10) is not installed here, with a note on stderr. Modules
# built with a different gcc of the same ABI load fine; the probes then
# answer for that compiler.
kbuild_cc_args() {
	local want cross
	cross=$(cross_prefix "$1")
	[[ -z $cross ]] || printf 'ARCH=%s\nCROSS_COMPILE=%s\n' "$(kernel_arch "$1" | cut -f1)" "$cross"
	want=$(kernel_cc "$1")
	if [[ -n $want ]] && ! command -v "$cross$want" >/dev/null 2>&1; then
		printf '    note: %s built the kernel in %s and is not installed here: using %s\n' \
			"$cross$want" "$1" "$("${cross}gcc" -dumpfullversion 2>/dev/null | sed 's/^/gcc /')" >&2
		printf 'CC=%sgcc\n' "$cross"
	fi
}

# elapsed START: seconds since START (from $SECONDS), for progress lines.
elapsed() {
	printf '%ss' "$((SECONDS - $1))"
}

# version_code "6.12.3-foo": 6*65536 + 12*256 (the patch level does not count).
version_code() {
	local major minor
	IFS=. read -r major minor _ <<<"${1%%[-+]*}"
	[[ $major =~ ^[0-9]+$ && $minor =~ ^[0-9]+$ ]] || return 1
	printf '%d\n' "$((major * 65536 + minor * 256))"
}

# check_kernel_range KREL: exits with a one-line error outside the range.
check_kernel_range() {
	local krel=$1 min max code
	min=$(identity KERNEL_MIN)
	max=$(identity KERNEL_MAX)
	code=$(version_code "$krel") || die "kernel release '$krel' is not of the form MAJOR.MINOR..."
	if ((code < $(version_code "$min") || code > $(version_code "$max"))); then
		die "kernel $krel is outside the supported range $min..$max (module.mk)"
	fi
}

# check_required_config KDIR KREL: exits with a one-line error naming the
# first option of module.mk's REQUIRED_CONFIG the kernel has neither built
# in nor as a module (DKMS skips such kernels through BUILD_EXCLUSIVE_CONFIG).
check_required_config() {
	local opt
	for opt in $(identity_or REQUIRED_CONFIG ''); do
		grep -q "^$opt=[ym]$" "$1/.config" ||
			die "kernel $2 lacks $opt, which module.mk's REQUIRED_CONFIG needs ($1/.config)"
	done
}
