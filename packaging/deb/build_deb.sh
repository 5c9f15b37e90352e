#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_deb.sh [OUTDIR]: the Debian DKMS package of the module, built with
# dpkg-buildpackage from a source package made of the DKMS tree
# (packaging/dkms/make_tree.sh) and debian/ filled from module.mk; then
# lintian on the result. Default OUTDIR: build/pkg/deb. Prints the .deb's
# path.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/../../ci/lib/common.sh"
# shellcheck source=ci/lib/template.sh
source "$WSLX_ROOT/ci/lib/template.sh"

out=$(realpath -m "${1:-$WSLX_BUILD/pkg/deb}")
need_cmd dpkg-buildpackage dpkg-dev
need_cmd dh debhelper
[[ -f /usr/share/perl5/Debian/Debhelper/Sequence/dkms.pm ]] ||
	die "dh-dkms is not installed (run: make deps)"
name=$(identity MODULE_NAME)
version=$(identity MODULE_VERSION)
deb_name=$(tr '_' '-' <<<"$name")

rm -rf "$out"
mkdir -p "$out"
src=$("$WSLX_ROOT/packaging/dkms/make_tree.sh" "$out")
mkdir -p "$src/debian/source"
here=$WSLX_ROOT/packaging/deb
fill_template "$here/control.in" >"$src/debian/control"
fill_template "$here/changelog.in" "DATE=$(date -R)" >"$src/debian/changelog"
fill_template "$here/copyright.in" "YEAR=$(date +%Y)" >"$src/debian/copyright"
cp "$here/rules" "$src/debian/rules"
cp "$here/source/format" "$src/debian/source/format"
# The DKMS tree goes to /usr/src/<name>-<version>/ whole (its top-level
# entries, as make_tree.sh wrote them), and its dkms.conf is the one
# dh_dkms installs (debian/<package>.dkms names it).
find "$src" -mindepth 1 -maxdepth 1 ! -name debian -printf '%f\n' | LC_ALL=C sort |
	while read -r f; do
		printf '%s usr/src/%s-%s/\n' "$f" "$name" "$version"
	done >"$src/debian/$deb_name-dkms.install"
printf 'dkms.conf\n' >"$src/debian/$deb_name-dkms.dkms"

step "building $deb_name-dkms $version (dpkg-buildpackage)"
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 ||
	{ tail -n 5 "$out/build.log" >&2; die "dpkg-buildpackage failed (log: $out/build.log)"; }
deb=$out/${deb_name}-dkms_${version}_all.deb
[[ -f $deb ]] || die "dpkg-buildpackage made no $deb"
if command -v lintian >/dev/null 2>&1; then
	lintian --allow-root --fail-on error,warning "$deb" >"$out/lintian.log" 2>&1 ||
		{ cat "$out/lintian.log" >&2; die "lintian has findings on $deb (log: $out/lintian.log)"; }
	info "lintian: $(grep -c . "$out/lintian.log" || true) findings"
fi
printf '%s\n' "$deb"
