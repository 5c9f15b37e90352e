#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_rpm.sh [OUTDIR]: the DKMS-style RPM of the module, built with
# rpmbuild from the DKMS tree (packaging/dkms/make_tree.sh) and the spec
# filled from module.mk. Default OUTDIR: build/pkg/rpm. Prints the .rpm's
# path.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/../../ci/lib/common.sh"
# shellcheck source=ci/lib/template.sh
source "$WSLX_ROOT/ci/lib/template.sh"

out=$(realpath -m "${1:-$WSLX_BUILD/pkg/rpm}")
need_cmd rpmbuild rpm
name=$(identity MODULE_NAME)
version=$(identity MODULE_VERSION)
rm -rf "$out"
mkdir -p "$out"/{SOURCES,SPECS,tree}
"$WSLX_ROOT/packaging/dkms/make_tree.sh" "$out/tree" >/dev/null
tar -C "$out/tree" --owner=0 --group=0 -czf "$out/SOURCES/$name-$version.tar.gz" "$name-$version"
spec=$out/SPECS/$(tr '_' '-' <<<"$name")-dkms.spec
fill_template "$WSLX_ROOT/packaging/rpm/dkms.spec.in" >"$spec"
step "building $(basename "$spec" .spec) $version (rpmbuild)"
rpmbuild -bb --define "_topdir $out" --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" \
	"$spec" >"$out/build.log" 2>&1 ||
	{ tail -n 5 "$out/build.log" >&2; die "rpmbuild failed (log: $out/build.log)"; }
rpm=$(find "$out/RPMS" -name '*.rpm' -print -quit)
[[ -n $rpm ]] || die "rpmbuild made no package (log: $out/build.log)"
printf '%s\n' "$rpm"
