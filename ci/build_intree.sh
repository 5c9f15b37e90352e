#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_intree.sh LANE: build the module inside a source lane's kernel tree
# as a distribution would carry it: the module's folder under
# drivers/misc/<name>/, its Kconfig sourced from drivers/misc/Kconfig, the
# option set to m, built by the kernel's own "make modules" in the lane's
# kernel build. Kbuild rebuilds only what depends on the option (the
# module), and the option is set back afterwards: the lane's vmlinux is
# not touched, and its out-of-tree runs see the kernel as it was. The
# in-tree .ko is installed under <out>/intree-modroot.
#
# Prints the in-tree .ko's path and writes build/lanes/<lane>/intree/
# intree.env (KDIR, KERNEL_IMAGE, MODULES_DIR for the in-tree run).
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
lane_file "$lane" >/dev/null
[[ $(lane_get "$lane" kind) == source ]] ||
	die "LANE=$lane: an in-tree build needs a source lane (this one is kind=$(lane_get "$lane" kind))"
lane_load "$lane"
: "${KREL:?kernel.env sets KREL}"
name=$(identity MODULE_NAME)
kconfig=$(identity MODULE_KCONFIG)
src=$(readlink -f "$KDIR/source")
[[ -f $src/Makefile ]] || die "LANE=$lane: $KDIR/source does not lead to the kernel tree"

src_add_module "$src"
"$WSLX_ROOT/ci/run_probes.sh" "$KDIR" "$src/drivers/misc/$name/build/intree/compat"

out=$KDIR
modroot=$out/intree-modroot
t0=$SECONDS
# restore: the option off again, as the lane's kernel was configured.
restore() {
	"$src/scripts/config" --file "$out/.config" --disable "$kconfig"
	kc_make "$src" "$out" olddefconfig
}
trap restore EXIT
"$src/scripts/config" --file "$out/.config" --module "$kconfig"
kc_make "$src" "$out" olddefconfig
[[ $(kc_value "$out/.config" "$kconfig") == m ]] ||
	die "LANE=$lane: CONFIG_$kconfig=m did not survive olddefconfig in $out (see drivers/misc/$name/Kconfig)"

kb_setup_ccache
log=$out/wslx-intree.log
: >"$log"
step "$lane: building $name in the kernel tree (log: $log)"
kb_make_or_die "$lane" "the in-tree build" "$log" "$src" "$out" modules
if grep "drivers/misc/$name/.*warning:" "$log" >&2; then
	die "LANE=$lane: the in-tree build of $name has compiler warnings (log: $log)"
fi
# Objects without [M] belong to vmlinux: none may change.
if grep -E '^  (CC|AS|AR|LD) +[^[ ]' "$log" >&2; then
	die "LANE=$lane: enabling $name in tree rebuilt parts of vmlinux (log: $log)"
fi
kb_install "$lane" "$log" "$src" "$out" "$modroot"
ko=$modroot/lib/modules/$KREL/kernel/drivers/misc/$name/$name.ko
[[ -f $ko ]] || die "LANE=$lane: the in-tree build made no $ko"
info "in-tree $name.ko built in $(elapsed "$t0")"

dir=$(lane_dir "$lane")/intree
mkdir -p "$dir"
{
	printf 'KDIR=%q\n' "$out"
	printf 'KERNEL_IMAGE=%q\n' "$KERNEL_IMAGE"
	printf 'MODULES_DIR=%q\n' "$modroot/lib/modules/$KREL"
} >"$dir/intree.env"
printf '%s\n' "$ko"
