#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_intree.sh LANE: build the module inside a source lane's kernel tree
# as a distribution would carry it: the module's folder under
# drivers/misc/<name>/, its Kconfig sourced from drivers/misc/Kconfig, the
# option set to m, built by the kernel's own build. The lane's kernel
# output folder is copied first (<out>-intree), so the rebuild is
# incremental and the lane's own kernel stays as it is.
#
# Prints the in-tree .ko's path and writes build/lanes/<lane>/intree/
# intree.env (KDIR, KERNEL_IMAGE, MODULES_DIR of the rebuilt kernel).
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=ci/lib/lane.sh
source "$WSLX_ROOT/ci/lib/lane.sh"
# shellcheck source=ci/lib/kernel_source.sh
source "$WSLX_ROOT/ci/lib/kernel_source.sh"
# shellcheck source=ci/lib/kconfig.sh
source "$WSLX_ROOT/ci/lib/kconfig.sh"
# shellcheck source=ci/lib/kernel_build.sh
source "$WSLX_ROOT/ci/lib/kernel_build.sh"

[[ $# -eq 1 ]] || die "usage: build_intree.sh LANE"
lane=$1
[[ $(lane_get "$lane" kind) == source ]] ||
	die "LANE=$lane: an in-tree build needs a source lane (this one is kind=$(lane_get "$lane" kind))"
lane_load "$lane"
name=$(identity MODULE_NAME)
kconfig=$(identity MODULE_KCONFIG)
src=$(readlink -f "$KDIR/source")
[[ -f $src/Makefile ]] || die "LANE=$lane: $KDIR/source does not lead to the kernel tree"

src_add_module "$src"
"$WSLX_ROOT/ci/run_probes.sh" "$KDIR" "$src/drivers/misc/$name/build/intree/compat"

out=$KDIR-intree
t0=$SECONDS
if [[ ! -f $out/.wslx-copied ]] || [[ $KDIR/.wslx-built -nt $out/.wslx-copied ]]; then
	step "$lane: copying the kernel build $KDIR to $out"
	rm -rf "$out"
	cp -a "$KDIR" "$out"
	rm -f "$out/.wslx-built"
	touch "$out/.wslx-copied"
fi
"$src/scripts/config" --file "$out/.config" --module "$kconfig"
: >"$out/kconfig.log"
kc_make "$src" "$out" olddefconfig
[[ $(kc_value "$out/.config" "$kconfig") == m ]] ||
	die "LANE=$lane: CONFIG_$kconfig=m did not survive olddefconfig in $out (see drivers/misc/$name/Kconfig)"

kb_setup_ccache
log=$out/wslx-intree.log
: >"$log"
step "$lane: building the kernel with $name in tree (log: $log)"
if ! kb_run "$log" "$src" "$out" all; then
	printf '    %s\n' "$(kb_first_error "$log")" >&2
	die "LANE=$lane: the in-tree build failed (log: $log)"
fi
if grep "drivers/misc/$name/.*warning:" "$log" >&2; then
	die "LANE=$lane: the in-tree build of $name has compiler warnings (log: $log)"
fi
rm -rf "$out/modroot"
kb_run "$log" "$src" "$out" INSTALL_MOD_PATH="$out/modroot" DEPMOD=/sbin/depmod modules_install ||
	die "LANE=$lane: modules_install failed (log: $log)"
krel=$(cat "$out/include/config/kernel.release")
[[ $krel == "$KREL" ]] || die "LANE=$lane: the in-tree kernel is $krel, the lane's $KREL"
ko=$out/modroot/lib/modules/$krel/kernel/drivers/misc/$name/$name.ko
[[ -f $ko ]] || die "LANE=$lane: the in-tree build made no $ko"
touch "$out/.wslx-built"
info "in-tree $name.ko built in $(elapsed "$t0")"

dir=$(lane_dir "$lane")/intree
mkdir -p "$dir"
{
	printf 'KDIR=%q\n' "$out"
	printf 'KERNEL_IMAGE=%q\n' "$out/vmlinux"
	printf 'MODULES_DIR=%q\n' "$out/modroot/lib/modules/$krel"
} >"$dir/intree.env"
printf '%s\n' "$ko"
