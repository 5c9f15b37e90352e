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

# deb_apt_setup LANE: APT_OPTS for the lane's apt calls, and APT_LISTS.
# A lane with apt_sources (lines separated by "|") gets a private apt
# configuration in the cache (its own sources, lists, archives and an empty
# dpkg status), so other suites (bullseye, sid) are reachable without
# touching the host's apt setup. Its lists are refreshed once a day.
deb_apt_setup() {
	local lane=$1 sources dir
	APT_OPTS=()
	APT_LISTS=/var/lib/apt/lists
	sources=$(lane_get "$lane" apt_sources "")
	[[ -n $sources ]] || return 0
	dir=$WSLX_CACHE/apt/$lane
	mkdir -p "$dir"/lists/partial "$dir"/cache/archives/partial "$dir"/sources.list.d "$dir"/preferences.d
	tr '|' '\n' <<<"$sources" | sed 's/^ *//' >"$dir/sources.list.new"
	if ! cmp -s "$dir/sources.list.new" "$dir/sources.list"; then
		rm -rf "$dir"/lists/*Packages* "$dir"/lists/*Release*
		mv "$dir/sources.list.new" "$dir/sources.list"
	else
		rm -f "$dir/sources.list.new"
	fi
	[[ -f $dir/status ]] || : >"$dir/status"
	APT_OPTS=(-o "Dir::Etc::SourceList=$dir/sources.list"
		-o "Dir::Etc::SourceParts=$dir/sources.list.d"
		-o "Dir::Etc::Preferences=$dir/preferences"
		-o "Dir::Etc::PreferencesParts=$dir/preferences.d"
		-o "Dir::State::Lists=$dir/lists" -o "Dir::State::Status=$dir/status"
		-o "Dir::Cache=$dir/cache" -o APT::Architecture=amd64
		-o Acquire::Languages=none -o APT::Sandbox::User=root)
	APT_LISTS=$dir/lists
	if [[ -z $(find "$dir/lists" -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit) ]]; then
		step "$lane: updating the lane's private apt lists ($dir)"
		apt-get "${APT_OPTS[@]}" update -q >&2 ||
			die "LANE=$lane: apt-get update of the lane's private sources failed"
	fi
}

# deb_depends PKG PATTERN: the dependency of PKG whose name matches PATTERN.
deb_depends() {
	deb_depends_all "$@" | head -n 1
}

# deb_depends_all PKG PATTERN: every dependency of PKG matching PATTERN.
deb_depends_all() {
	apt-cache "${APT_OPTS[@]}" depends --no-recommends --no-suggests "$1" 2>/dev/null |
		sed -n "s/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \($2\)$/\2/p"
}

deb_version() {
	apt-cache "${APT_OPTS[@]}" show --no-all-versions "$1" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1
}

# The packages a lane needs, "name=version" per line, newest ABI first.
deb_resolve() {
	local lane=$1 image_meta headers_meta image headers krel pkg
	image_meta=$(lane_get "$lane" image_meta)
	headers_meta=$(lane_get "$lane" headers_meta)
	# A fresh machine may have no package lists at all.
	if [[ ${#APT_OPTS[@]} -eq 0 && $(id -u) -eq 0 ]] &&
		[[ -z $(find "$APT_LISTS" -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null) ]]; then
		step "$lane: apt-cache does not know $image_meta: running apt-get update"
		apt-get update -q >&2 || die "LANE=$lane: apt-get update failed"
	fi
	# Debian drops old kernel lines from its archive: not this project's fault.
	[[ -n $(deb_version "$image_meta") ]] ||
		skip_lane "LANE=$lane: the archive no longer has $image_meta (the line left Debian's archive)"
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
	# Newer Debian (sid) splits the image package into linux-binary-*
	# (the kernel), linux-modules-* and linux-base-*; fetch those too.
	for pkg in "$image" $(deb_depends_all "$image" "linux-\(binary\|modules\|base\)-${krel}[^ <]*") \
		"$headers" \
		"$(deb_depends "$headers" 'linux-headers-[^ <]*-common[^ <]*')" \
		"$(deb_depends "$headers" 'linux-kbuild-[^ <]*')"; do
		[[ -n $pkg ]] || die "LANE=$lane: could not resolve the packages of $headers"
		printf '%s=%s\n' "$pkg" "$(deb_version "$pkg")"
	done
}

# Make an unpacked header tree usable where it is: the arch Makefile names
# /usr/src/... by absolute path (the common tree it includes and, since
# Debian's 7.x, KBUILD_OUTPUT), and lib/modules/<krel>/build is absolute.
# Every /usr/src/ becomes a path relative to the Makefile's own folder.
deb_relocate() {
	local root=$1 krel=$2 hdr mod
	hdr=$root/usr/src/linux-headers-$krel
	# shellcheck disable=SC2016 # make expressions, written literally
	sed -i -e '1i wslx_headers_dir := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))' \
		-e "s|/usr/src/linux-headers-$krel\\b|\$(wslx_headers_dir)|g" \
		-e 's|/usr/src/|$(wslx_headers_dir)/../|g' "$hdr/Makefile"
	! grep -q '/usr/src' "$hdr/Makefile" ||
		die "$hdr/Makefile: could not relocate its /usr/src paths"
	for mod in "$root"/lib/modules/"$krel" "$root"/usr/lib/modules/"$krel"; do
		[[ -L $mod/build ]] || continue
		ln -sfn "$(realpath --relative-to="$mod" "$hdr")" "$mod/build"
	done
}

# deb_depmod ROOT KREL: modules.dep and its indexes for the unpacked image
# (Debian's packages leave them to depmod at install time), so that module
# dependencies resolve against this kernel. Sid keeps modules in /usr/lib.
deb_depmod() {
	local root=$1 krel=$2
	[[ -e $root/lib ]] || ln -s usr/lib "$root/lib"
	[[ -d $root/lib/modules/$krel/kernel ]] || return 0
	[[ -f $root/lib/modules/$krel/modules.dep ]] && return 0
	need_cmd depmod kmod
	depmod -b "$root" "$krel" 2>/dev/null || die "depmod of $root/lib/modules/$krel failed"
}

kind_prepare() {
	local lane=$1 pkgs krel dir tmp t0 deb resolved vmlinuz
	local -a APT_OPTS
	local APT_LISTS
	need_cmd apt-get apt
	need_cmd dpkg-deb dpkg
	deb_apt_setup "$lane"
	# Resolution is a function of the lane and apt's package lists only, and
	# apt-cache takes ~0.6 s a call: reuse the answer until the lists change.
	resolved=$WSLX_CACHE/debian/resolved/$lane-$({
		cat "$(lane_file "$lane")" "${BASH_SOURCE[0]}"
		stat -c '%n %Y %s' "$APT_LISTS"/*Packages* 2>/dev/null || true
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
		deb_depmod "$dir" "$krel"
	else
		t0=$SECONDS
		mkdir -p "$WSLX_CACHE/debian/debs"
		step "$lane: downloading $(wc -l <<<"$pkgs") packages"
		# shellcheck disable=SC2046 # one word per package
		(cd "$WSLX_CACHE/debian/debs" &&
			apt-get "${APT_OPTS[@]}" download -q -o APT::Sandbox::User=root $(cat <<<"$pkgs")) >&2 ||
			die "LANE=$lane: apt-get download failed (see above)"
		# Global, not local: the EXIT trap may run after this function.
		DEB_TMP=$dir.tmp.$$
		tmp=$DEB_TMP
		rm -rf "$tmp"
		mkdir -p "$tmp"
		trap 'rm -rf "$DEB_TMP"' EXIT
		while IFS='=' read -r pkg ver; do
			deb=$(ls "$WSLX_CACHE/debian/debs/${pkg}_${ver//:/%3a}_"*.deb)
			step "$lane: extracting $(basename "$deb") ($(du -h "$deb" | cut -f1))"
			dpkg-deb -x "$deb" "$tmp"
		done <<<"$pkgs"
		deb_relocate "$tmp" "$krel"
		step "$lane: indexing the kernel's modules (depmod)"
		deb_depmod "$tmp" "$krel"
		step "$lane: extracting vmlinux for a direct (PVH) boot"
		# /boot/vmlinuz-<krel> until Debian 13; sid keeps it with the modules.
		vmlinuz=$tmp/boot/vmlinuz-$krel
		[[ -f $vmlinuz ]] || vmlinuz=$tmp/usr/lib/modules/$krel/vmlinuz
		mkdir -p "$tmp/boot"
		"$WSLX_ROOT/ci/lib/extract_vmlinux.sh" "$vmlinuz" "$tmp/boot/vmlinux-$krel"
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
