#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# prepare_lane.sh LANE: fetch or build the lane's kernel (cached), then
# write build/lanes/<lane>/kernel.env: KREL, KDIR, KERNEL_IMAGE, MODULES_DIR.
# Every later step (build, verify, smoke) reads that file.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"

[[ $# -eq 1 ]] || die "usage: prepare_lane.sh LANE"
lane=$1
kind=$(lane_get "$lane" kind)
# Debian lanes are prepared by the harness (tools/wslx/debian.py); source
# lanes here, until their port.
[[ $kind == debian ]] && exec "$WSLX_ROOT/tools/wslx-cli" prepare "$lane"
[[ -f $WSLX_ROOT/ci/kinds/$kind.sh ]] || die "$(lane_file "$lane"): unknown kind '$kind'"
# shellcheck source=ci/kinds/source.sh
source "$WSLX_ROOT/ci/kinds/$kind.sh"

KREL='' KDIR='' KERNEL_IMAGE='' MODULES_DIR='' SOURCE_NOTE='' SOURCE_STANDIN=0
mkdir -p "$(lane_dir "$lane")"
kind_prepare "$lane"
[[ $(kdir_release "$KDIR") == "$KREL" ]] ||
	die "LANE=$lane: $KDIR is for $(kdir_release "$KDIR"), expected $KREL"

# A lane is one kernel line: never test another one under its name. A
# source lane given another tree (--source) says so in its results instead.
line=$(lane_get "$lane" line "")
if [[ $SOURCE_STANDIN == 1 && -n $line && $KREL != "$line".* && $KREL != "$line"-* ]]; then
	SOURCE_NOTE+=" (a stand-in: the lane pins the $line line)"
elif [[ -n $line && $KREL != "$line".* && $KREL != "$line"-* ]]; then
	skip_lane "LANE=$lane: the archive now offers $KREL, not the $line line"
fi
BUILDROOT=
if [[ -n $(lane_get "$lane" buildroot_suite "") ]]; then
	BUILDROOT=$("$WSLX_ROOT/ci/buildroot.sh" "$lane" "$KDIR")
fi

out=$(lane_dir "$lane")
mkdir -p "$out"
{
	printf 'KREL=%q\n' "$KREL"
	printf 'KDIR=%q\n' "$KDIR"
	printf 'KERNEL_IMAGE=%q\n' "$KERNEL_IMAGE"
	printf 'MODULES_DIR=%q\n' "$MODULES_DIR"
	printf 'export WSLX_BUILDROOT=%q\n' "$BUILDROOT"
	printf 'SOURCE_NOTE=%q\n' "$SOURCE_NOTE"
} >"$out/kernel.env.tmp"
mv "$out/kernel.env.tmp" "$out/kernel.env"
# For tools that take a lane name (modcheck verify --lane).
ln -sfn "$KDIR" "$out/kdir"
[[ -d $MODULES_DIR ]] && ln -sfn "$MODULES_DIR" "$out/moddir"
step "$lane: kernel $KREL ready (KDIR=$KDIR)"
