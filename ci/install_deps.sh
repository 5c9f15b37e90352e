#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# install_deps.sh: install the Debian packages wslx needs on the host, only
# those missing (a second run is a quick no-op). Needs root or sudo.
set -euo pipefail
# Shell, not the harness's Python: this installs Python (and the rest) first.
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "$0")/../packaging/dkms/shipped/lib.sh"

# command-or-file<TAB>package: one line per thing wslx uses.
needs=$(
	cat <<'LIST'
make	make
gcc	gcc
gcc-12	gcc-12
apt-cache	apt
dpkg-deb	dpkg
qemu-system-x86_64	qemu-system-x86
qemu-system-aarch64	qemu-system-arm
aarch64-linux-gnu-gcc	gcc-aarch64-linux-gnu
aarch64-linux-gnu-gcc-12	gcc-12-aarch64-linux-gnu
/bin/busybox	busybox-static
pkg-config	pkg-config
/usr/include/libkmod.h	libkmod-dev
/usr/include/libelf.h	libelf-dev
/usr/include/gelf.h	libelf-dev
/usr/include/lzma.h	liblzma-dev
/usr/include/zstd.h	libzstd-dev
/usr/include/zlib.h	zlib1g-dev
cpio	cpio
xz	xz-utils
zstd	zstd
bc	bc
flex	flex
bison	bison
/usr/include/openssl/ssl.h	libssl-dev
pahole	dwarves
shellcheck	shellcheck
perl	perl
python3	python3
/usr/bin/python3.11	python3.11
/usr/lib/python3/dist-packages/mypy/__init__.py	python3-mypy
flake8	flake8
file	file
debootstrap	debootstrap
clang	clang
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a	libclang-rt-14-dev
unshare	util-linux
ccache	ccache
curl	curl
git	git
qemu-img	qemu-utils
mkfs.ext4	e2fsprogs
debugfs	e2fsprogs
depmod	kmod
modinfo	kmod
dkms	dkms
/usr/share/perl5/Debian/Debhelper/Sequence/dkms.pm	dh-dkms
dh	debhelper
dpkg-buildpackage	dpkg-dev
dpkg-source	dpkg-dev
autoreconf	autoconf
automake	automake
libtoolize	libtool
chromium	chromium
node	nodejs
npm	npm
rsync	rsync
patch	patch
lintian	lintian
rpmbuild	rpm
script	bsdutils
openssl	openssl
strip	binutils
LIST
)

# missing_packages: the packages of the needs above that are not installed.
missing_packages() {
	local what pkg
	missing=()
	while IFS=$'\t' read -r what pkg; do
		if [[ $what == /* ]]; then
			[[ -e $what ]] && continue
		else
			command -v "$what" >/dev/null 2>&1 && continue
		fi
		[[ " ${missing[*]} " == *" $pkg "* ]] || missing+=("$pkg")
	done <<<"$needs"
	# A dynamically linked busybox (package busybox) cannot run in the guest.
	if [[ -e /bin/busybox ]] && ldd /bin/busybox >/dev/null 2>&1 &&
		[[ " ${missing[*]} " != *" busybox-static "* ]]; then
		missing+=(busybox-static)
	fi
}

missing_packages
if [[ ${#missing[@]} -eq 0 ]]; then
	info "host dependencies: all present"
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
