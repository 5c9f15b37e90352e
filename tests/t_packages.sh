#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The deb (dpkg-buildpackage, dh-dkms, lintian) and the rpm (rpmbuild) are
# built here and their contents checked against the DKMS tree; the .deb is
# installed into a scratch root with dpkg --root, and its DKMS source is
# built by the real dkms for a lane kernel.
source "$(dirname "$0")/lib.sh"

name=$(identity MODULE_NAME)
version=$(identity MODULE_VERSION)
pkg=$(identity MODULE_NAME | tr '_' '-')-dkms
tree_list=$(cd "$("$WSLX_ROOT/tools/wslx-cli" dkms-tree "$TMP/tree")/.." && find "$name-$version" | sed 's|^|usr/src/|' | sort)

run_capture "$WSLX_ROOT/tools/wslx-cli" deb "$TMP/deb"
deb=$OUT
if [[ $RC -eq 0 && -f $deb ]] && grep -q 'lintian: 0 findings' <<<"$ERR"; then
	pass "the .deb builds with dpkg-buildpackage and lintian has no findings"
else
	fail "the .deb builds and lintian is clean" "exit $RC" "$(tail -n 5 <<<"$ERR")"
	exit 0
fi
deb_list=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./||; s|/$||' | grep '^usr/src/' | sort)
if [[ $deb_list == "$tree_list" ]]; then
	pass "the .deb holds exactly the DKMS tree in /usr/src/$name-$version ($(wc -l <<<"$deb_list") entries)"
else
	fail "the .deb holds exactly the DKMS tree" "$(diff <(echo "$tree_list") <(echo "$deb_list") | head -n 5)"
fi
dpkg-deb -e "$deb" "$TMP/control"
if [[ $(dpkg-deb -f "$deb" Package) == "$pkg" && $(dpkg-deb -f "$deb" Depends) == *dkms* ]] &&
	grep -q 'DKMS_NAME=' "$TMP/control/postinst" && grep -q 'dkms remove' "$TMP/control/prerm"; then
	pass "$pkg depends on dkms and dh-dkms added its postinst and prerm"
else
	fail "$pkg depends on dkms, with dh-dkms scripts" "$(dpkg-deb -f "$deb")"
fi

run_capture "$WSLX_ROOT/tools/wslx-cli" rpm "$TMP/rpm"
rpm=$OUT
rpm_list=$(rpm -qlp "$rpm" 2>/dev/null | sed 's|^/||' | sort)
if [[ $RC -eq 0 && $rpm_list == "$tree_list" ]]; then
	pass "the .rpm builds with rpmbuild and holds exactly the DKMS tree"
else
	fail "the .rpm builds and holds the DKMS tree" "exit $RC" "$(diff <(echo "$tree_list") <(echo "$rpm_list") | head -n 5)" "$(tail -n 3 <<<"$ERR")"
fi
scripts=$(rpm -qp --scripts "$rpm" 2>/dev/null)
if rpm -qp --requires "$rpm" 2>/dev/null | grep -qx dkms && grep -q "dkms add -m $name -v $version" <<<"$scripts" &&
	grep -q "dkms remove -m $name -v $version --all" <<<"$scripts" && [[ $(rpm -qp --qf '%{ARCH}' "$rpm") == noarch ]]; then
	pass "the .rpm is noarch, requires dkms, adds the module on install and removes it on erase"
else
	fail "the .rpm's requirements and scripts" "$scripts"
fi

# Installed into a scratch root: the files land, dpkg knows them, and the
# DKMS source they hold builds for a lane kernel.
root=$TMP/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
run_capture dpkg --root="$root" --unpack "$deb"
# The list is taken whole first: grep -q stopping early would end dpkg with
# SIGPIPE, which pipefail counts as a failure once the list outgrows a pipe.
installed=$(dpkg --root="$root" -L "$pkg" 2>&1 || true)
if [[ $RC -eq 0 ]] && grep -qx "/usr/src/$name-$version/dkms.conf" <<<"$installed"; then
	pass "dpkg --root installs the .deb into a scratch root"
else
	fail "dpkg --root installs the .deb" "$ERR"
	exit 0
fi
use_lane debian-6.12
export sign_file=/nonexistent
mkdir -p "$TMP/dkms" "$TMP/install/$KREL"
run_capture dkms build --dkmstree "$TMP/dkms" --sourcetree "$root/usr/src" --installtree "$TMP/install" \
	-m "$name" -v "$version" -k "$KREL" --kernelsourcedir "$KDIR"
ko=$TMP/dkms/$name/$version/$KREL/x86_64/module/$name.ko
if [[ $RC -eq 0 && -f $ko ]] && "$(modcheck_bin)" verify --kdir "$KDIR" "$ko" >/dev/null; then
	pass "DKMS builds the installed package's source for $KREL, and the module passes verify"
else
	fail "DKMS builds the installed package's source" "exit $RC" "$(tail -n 5 <<<"$OUT$ERR")"
fi
