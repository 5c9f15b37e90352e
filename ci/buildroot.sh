#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# buildroot.sh LANE KDIR: make (once, cached) the Debian build root a lane
# builds in, and print its path. Some lane kernels cannot be built for on
# this host: Debian sid's 7.2 was compiled with gcc-16 and its kbuild tools
# (fixdep, modpost, objtool) need a newer glibc than Debian 12's. Rather
# than mixing compilers, the lane builds inside a debootstrapped root of its
# own suite, with the exact compiler the kernel's .kernelvariables names.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"

[[ $# -eq 2 ]] || die "usage: buildroot.sh LANE KDIR"
lane=$1 kdir=$2
suite=$(lane_get "$lane" buildroot_suite)
mirror=$(lane_get "$lane" buildroot_mirror http://deb.debian.org/debian)
cc=$(kernel_cc "$kdir")
[[ -n $cc ]] || die "$kdir/.kernelvariables: names no gcc-N compiler"
# What kbuild and the probe runner need inside the root.
pkgs="$cc gcc make libc6-dev libelf-dev bc bison flex libssl-dev pahole kmod xz-utils"
root=$WSLX_CACHE/buildroot/$lane
stamp="$suite $mirror $pkgs"

if [[ -f $root/.wslx-buildroot ]] && [[ $(cat "$root/.wslx-buildroot") == "$stamp" ]]; then
	printf '%s\n' "$root"
	exit 0
fi
[[ $(id -u) -eq 0 ]] || die "LANE=$lane: making its $suite build root needs root (debootstrap)"
need_cmd debootstrap debootstrap
t0=$SECONDS
step "$lane: making a $suite build root with $cc (debootstrap, about a minute)"
tmp=$root.tmp.$$
mkdir -p "$WSLX_CACHE/buildroot"
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
debootstrap --variant=minbase --include="${pkgs// /,}" \
	--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
	"$suite" "$tmp" "$mirror" >"$WSLX_CACHE/buildroot/$lane.log" 2>&1 ||
	die "LANE=$lane: debootstrap of $suite failed (log: $WSLX_CACHE/buildroot/$lane.log)"
printf '%s\n' "$stamp" >"$tmp/.wslx-buildroot"
rm -rf "$root"
mv "$tmp" "$root"
trap - EXIT
info "build root ready in $(elapsed "$t0"): $root"
printf '%s\n' "$root"
