#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make_tree.sh DEST: write the module's DKMS source tree to
# DEST/<name>-<version>/ (what /usr/src/<name>-<version>/ holds once
# installed): the module, its probes and compat layer, the two build
# scripts DKMS runs, dkms.mk, and dkms.conf generated from module.mk.
# Prints the tree's path. The deb and rpm packages ship this tree.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/../../ci/lib/common.sh"
# shellcheck source=ci/lib/kernel_range.sh
source "$WSLX_ROOT/ci/lib/kernel_range.sh"
# shellcheck source=ci/lib/template.sh
source "$WSLX_ROOT/ci/lib/template.sh"

[[ $# -eq 1 ]] || die "usage: make_tree.sh DEST"
name=$(identity MODULE_NAME)
version=$(identity MODULE_VERSION)
min=$(identity KERNEL_MIN)
max=$(identity KERNEL_MAX)
tree=$1/$name-$version
rm -rf "$tree"
mkdir -p "$tree/packaging/dkms"
cp -a "$WSLX_ROOT"/{Kbuild,Kconfig,module.mk,src,compat,probes} "$tree/"
# The whole shipped folder: what DKMS runs is in it and nothing else is.
cp -a "$WSLX_ROOT/packaging/dkms/shipped" "$tree/packaging/dkms/"
cp "$WSLX_ROOT/packaging/dkms/dkms.mk" "$tree/dkms.mk"
# Generated headers and objects of a developer's build never ship.
find "$tree" \( -name build -o -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -prune -exec rm -rf {} +
fill_template "$WSLX_ROOT/packaging/dkms/dkms.conf.in" "KERNEL_MAX_FULL=$max.999" \
	"KERNEL_REGEX=$(kernel_range_regex "$min" "$max")" >"$tree/dkms.conf"
printf '%s\n' "$tree"
