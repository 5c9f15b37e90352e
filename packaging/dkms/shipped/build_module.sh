#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_module.sh KDIR [W=1 ...]: build the module for the kernel in KDIR
# into build/<kernelrelease>/, so that builds for several kernels never
# clobber each other. Prints the path of the .ko on stdout.
#
# Compiler warnings fail the build unless module.mk has WARNINGS := allow;
# WSLX_WARNINGS=allow lets them through too (DKMS builds).
# WSLX_VARIANT=fault builds with the fault points compiled in, and
# WSLX_VARIANT=fault-leak also with the deliberate leak, each into
# build/<kernelrelease>-<variant>/.
#
# Kbuild writes objects next to the sources of an M= build, so the build
# happens in a per-release mirror of the sources made of symlinks.
set -euo pipefail
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "$0")/lib.sh"

[[ $# -ge 1 ]] || die "usage: build_module.sh KDIR [make variables...]"
kdir=$(realpath -m "$1")
shift
krel=$(kdir_release "$kdir")
check_kernel_range "$krel"
check_required_config "$kdir" "$krel"
name=$(identity MODULE_NAME)
kconfig=$(identity MODULE_KCONFIG)
out=$WSLX_BUILD/$krel
variant_args=()
case ${WSLX_VARIANT:-} in
'') ;;
fault) variant_args=(CONFIG_WSLX_FAULT_INJECTION=y) ;;
fault-leak) variant_args=(CONFIG_WSLX_FAULT_INJECTION=y CONFIG_WSLX_TEST_LEAK=y) ;;
*) die "WSLX_VARIANT=$WSLX_VARIANT: not a build variant (fault, fault-leak)" ;;
esac
[[ -z ${WSLX_VARIANT:-} ]] || out=$out-$WSLX_VARIANT

mkdir -p "$out"
# Refresh the mirror: drop links (a source may have been removed), keep
# objects so that kbuild rebuilds only what changed.
find "$out" -path "$out/compat/work" -prune -o -type l -print0 | xargs -0r rm -f
for f in Kbuild module.mk src compat; do
	cp -rs "$WSLX_ROOT/$f" "$out/"
done

check_cross_compiler "$kdir"
mapfile -t cc_args < <(kbuild_cc_args "$kdir")
"$(dirname "$0")/run_probes.sh" "$kdir" "$out/compat"

t0=$SECONDS
step "building $name.ko for $krel"
if ! make -C "$kdir" M="$out" "${cc_args[@]}" "CONFIG_$kconfig=m" "${variant_args[@]}" \
	WSLX_COMPAT_DIR="$out/compat" \
	"$@" modules >"$out/build.log" 2>&1; then
	grep -m 1 -E 'error|Error' "$out/build.log" >&2 || tail -n 5 "$out/build.log" >&2
	die "build of $name.ko for $krel failed (full log: $out/build.log)"
fi
# Warnings fail a developer's build unless module.mk says "WARNINGS :=
# allow"; a user's DKMS rebuild with a newer compiler (WSLX_WARNINGS=allow)
# only shows them. Either way they are shown and counted, never silent.
warnings=$(grep -c 'warning:' "$out/build.log" || true)
if ((warnings > 0)); then
	grep 'warning:' "$out/build.log" >&2
	policy=${WSLX_WARNINGS:-$(identity_or WARNINGS error)}
	if [[ $policy != allow ]]; then
		# kbuild left the objects and the .ko: without them the next
		# build compiles again and fails the same way until the code or
		# the policy changes.
		find "$out" -path "$out/compat/work" -prune -o \
			-type f \( -name '*.o' -o -name '*.ko' \) -print0 | xargs -0r rm -f
		die "build of $name.ko for $krel has $warnings compiler warning(s) (full log: $out/build.log; module.mk WARNINGS := allow lets them through)"
	fi
	info "$warnings compiler warning(s) allowed (WARNINGS := allow)"
fi
info "built in $(elapsed "$t0"): $out/$name.ko"
printf '%s\n' "$out/$name.ko"
