# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Lane kind "debian": a prebuilt Debian kernel. The newest image, headers and
# kbuild packages of the lane's line are resolved with apt-cache, fetched with
# "apt-get download" and unpacked with "dpkg-deb -x" into the cache: nothing
# is installed, and neither the host's kernel nor its apt setup is touched.
#
# Sets KREL, KDIR, KERNEL_IMAGE and MODULES_DIR for prepare_lane.sh.
# shellcheck disable=SC2034

# deb_depends PKG PATTERN: the dependency of PKG whose name matches PATTERN.
deb_depends() {
	apt-cache depends --no-recommends --no-suggests "$1" 2>/dev/null |
		sed -n "s/^ *|\{0,1\}Depends: \($2\)$/\1/p" | head -n 1
}

deb_version() {
	apt-cache show --no-all-versions "$1" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1
}

# The packages a lane needs, "name=version" per line, newest ABI first.
deb_resolve() {
	local lane=$1 image_meta headers_meta image headers krel pkg
	image_meta=$(lane_get "$lane" image_meta)
	headers_meta=$(lane_get "$lane" headers_meta)
	# A fresh machine may have empty or stale package lists.
	if [[ -z $(deb_version "$image_meta") && $(id -u) -eq 0 ]]; then
		step "$lane: apt-cache does not know $image_meta: running apt-get update"
		apt-get update -q >&2 || die "LANE=$lane: apt-get update failed"
	fi
	[[ -n $(deb_version "$image_meta") ]] ||
		die "LANE=$lane: apt-cache knows no package $image_meta (run apt-get update, or the line left the archive)"
	image=$(deb_depends "$image_meta" 'linux-image-[^ <]*')
	[[ -n $image ]] || die "LANE=$lane: $image_meta depends on no linux-image package"
	krel=${image#linux-image-}
	headers=$(deb_depends "$headers_meta" 'linux-headers-[^ <]*')
	[[ $headers == "linux-headers-$krel" ]] ||
		die "LANE=$lane: $headers_meta names ${headers:-nothing}, not linux-headers-$krel (archive mid-update? retry after apt-get update)"
	# The -unsigned image holds the same kernel without the Secure Boot
	# signature; use it where the archive has it.
	if [[ -n $(deb_version "$image-unsigned") ]]; then
		image=$image-unsigned
	fi
	for pkg in "$image" "$headers" \
		"$(deb_depends "$headers" 'linux-headers-[^ <]*-common[^ <]*')" \
		"$(deb_depends "$headers" 'linux-kbuild-[^ <]*')"; do
		[[ -n $pkg ]] || die "LANE=$lane: could not resolve the packages of $headers"
		printf '%s=%s\n' "$pkg" "$(deb_version "$pkg")"
	done
}

# Make an unpacked header tree usable where it is: the arch Makefile includes
# the common one by absolute path, and lib/modules/<krel>/build is absolute.
deb_relocate() {
	local root=$1 krel=$2 hdr common mod
	hdr=$root/usr/src/linux-headers-$krel
	common=$(sed -n 's|^include /usr/src/\([^/]*\)/Makefile$|\1|p' "$hdr/Makefile")
	if [[ -n $common ]]; then
		# shellcheck disable=SC2016 # a make expression, written literally
		printf 'include $(dir $(lastword $(MAKEFILE_LIST)))../%s/Makefile\n' \
			"$common" >"$hdr/Makefile"
	fi
	for mod in "$root"/lib/modules/"$krel" "$root"/usr/lib/modules/"$krel"; do
		[[ -L $mod/build ]] || continue
		ln -sfn "$(realpath --relative-to="$mod" "$hdr")" "$mod/build"
	done
}

kind_prepare() {
	local lane=$1 pkgs krel dir tmp t0 deb resolved
	need_cmd apt-get apt
	need_cmd dpkg-deb dpkg
	# Resolution is a function of the lane and apt's package lists only, and
	# apt-cache takes ~0.6 s a call: reuse the answer until the lists change.
	resolved=$WSLX_CACHE/debian/resolved/$lane-$({
		cat "$(lane_file "$lane")"
		stat -c '%n %Y %s' /var/lib/apt/lists/*Packages* 2>/dev/null || true
	} | sha256sum | cut -c1-16)
	if [[ -s $resolved ]]; then
		pkgs=$(cat "$resolved")
	else
		step "$lane: resolving the newest packages with apt-cache"
		pkgs=$(deb_resolve "$lane")
		mkdir -p "${resolved%/*}"
		rm -f "${resolved%/*}/$lane"-*
		printf '%s\n' "$pkgs" >"$resolved"
	fi
	krel=$(head -n 1 <<<"$pkgs" | sed 's/^linux-image-\(.*\)-amd64\(-unsigned\)\{0,1\}=.*/\1-amd64/')
	info "$(tr '\n' ' ' <<<"$pkgs")"
	dir=$WSLX_CACHE/debian/$krel

	if [[ -f $dir/.packages ]] && [[ $(cat "$dir/.packages") == "$pkgs" ]]; then
		info "cached in $dir"
	else
		t0=$SECONDS
		mkdir -p "$WSLX_CACHE/debian/debs"
		step "$lane: downloading $(wc -l <<<"$pkgs") packages"
		# shellcheck disable=SC2046 # one word per package
		(cd "$WSLX_CACHE/debian/debs" &&
			apt-get download -q -o APT::Sandbox::User=root $(cat <<<"$pkgs")) >&2 ||
			die "LANE=$lane: apt-get download failed (see above)"
		tmp=$dir.tmp.$$
		rm -rf "$tmp"
		mkdir -p "$tmp"
		trap 'rm -rf "$tmp"' EXIT
		while IFS='=' read -r pkg ver; do
			deb=$(ls "$WSLX_CACHE/debian/debs/${pkg}_${ver//:/%3a}_"*.deb)
			step "$lane: extracting $(basename "$deb") ($(du -h "$deb" | cut -f1))"
			dpkg-deb -x "$deb" "$tmp"
		done <<<"$pkgs"
		deb_relocate "$tmp" "$krel"
		step "$lane: extracting vmlinux for a direct (PVH) boot"
		"$WSLX_ROOT/ci/lib/extract_vmlinux.sh" "$tmp/boot/vmlinuz-$krel" "$tmp/boot/vmlinux-$krel"
		printf '%s\n' "$pkgs" >"$tmp/.packages"
		rm -rf "$dir"
		mv "$tmp" "$dir"
		trap - EXIT
		# Packages of superseded ABIs are dead weight once unpacked.
		rm -f "$WSLX_CACHE"/debian/debs/*.deb
		info "prepared $krel in $(elapsed "$t0")"
	fi

	KREL=$krel
	KDIR=$dir/usr/src/linux-headers-$krel
	KERNEL_IMAGE=$dir/boot/vmlinux-$krel
	MODULES_DIR=$dir/lib/modules/$krel
	[[ -d $MODULES_DIR ]] || MODULES_DIR=$dir/usr/lib/modules/$krel
}
