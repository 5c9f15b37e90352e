# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Where a source lane's kernel tree comes from: a local tree or tarball
# (--source), or what the lane file names: a shallow git clone of a pinned
# tag (source_git, source_tag), a tarball fetched from a pinned URL and
# checked against its sha256 (source_url, source_sha256), Debian's
# linux-source-X.Y package (source_debian) or a local path (source_path). Every tree ends up in the
# cache at $WSLX_CACHE/src/<id>/, never built in place: kernel builds use
# O= output folders, and the in-tree build adds the module to this copy,
# not to the user's tree.
#
# Each function sets SRC_TREE (the folder), SRC_ID (the cache key) and
# SRC_DESC (what to tell the user).
# shellcheck disable=SC2034

# src_check_tree DIR WHAT: a one-line error unless DIR is a kernel source tree.
src_check_tree() {
	local dir=$1 what=$2
	[[ -f $dir/Makefile && -f $dir/Kconfig && -d $dir/arch/x86 && -d $dir/scripts/kconfig &&
		-f $dir/drivers/misc/Kconfig && -f $dir/drivers/misc/Makefile ]] ||
		die "$what: not a Linux kernel source tree (no top-level Makefile, Kconfig, arch/x86, scripts/kconfig and drivers/misc)"
	grep -q '^PATCHLEVEL = [0-9]' "$dir/Makefile" ||
		die "$what: not a Linux kernel source tree (its Makefile sets no PATCHLEVEL)"
	# An in-place build leaves a .config, and kbuild then refuses every O= build.
	[[ ! -e $dir/.config && ! -e $dir/include/config/auto.conf ]] ||
		die "$what: the tree was configured in place; run 'make mrproper' there first"
}

# src_version DIR: the kernel version a source tree's Makefile names.
src_version() {
	awk -F' = ' '/^VERSION = /{v=$2} /^PATCHLEVEL = /{p=$2} /^SUBLEVEL = /{s=$2}
		/^EXTRAVERSION =/{e=$2; exit} END{printf "%s.%s.%s%s\n", v, p, s, e}' "$1/Makefile"
}

# src_sha256 FILE
src_sha256() {
	sha256sum "$1" | cut -d' ' -f1
}

# src_from_tarball FILE [SHA256]: unpack a kernel tarball (any compression
# tar knows) into the cache, once per content. A given SHA256 must match.
src_from_tarball() {
	local file=$1 want=${2:-} sum dest tmp
	[[ -f $file && -r $file ]] || die "--source $file: no such file or folder"
	sum=$(src_sha256 "$file")
	if [[ -n $want && ${want,,} != "$sum" ]]; then
		die "$file: sha256 $sum does not match the expected $want"
	fi
	dest=$WSLX_CACHE/src/tar-${sum:0:16}
	if [[ ! -f $dest/.wslx-unpacked ]]; then
		step "unpacking $(basename "$file") ($(du -h "$file" | cut -f1)) into $dest"
		tmp=$dest.tmp.$$
		rm -rf "$tmp" "$dest"
		mkdir -p "$tmp"
		if ! tar -xf "$file" -C "$tmp" --strip-components=1 --no-same-owner 2>"$tmp.err"; then
			head -n 1 "$tmp.err" >&2
			rm -rf "$tmp" "$tmp.err"
			die "--source $file: not a tarball tar can unpack"
		fi
		rm -f "$tmp.err"
		( src_check_tree "$tmp" "--source $file" ) || { rm -rf "$tmp"; exit 1; }
		touch "$tmp/.wslx-unpacked"
		mv "$tmp" "$dest"
	fi
	SRC_TREE=$dest
	SRC_ID=tar-$sum
	SRC_DESC="$(basename "$file") (linux $(src_version "$dest"), sha256 ${sum:0:16}...)"
}

# src_from_dir DIR: copy a local tree into the cache (hard links where the
# file system allows, so it costs seconds), refreshed on every call.
src_from_dir() {
	local dir key dest tmp
	dir=$(realpath "$1")
	src_check_tree "$dir" "--source $1"
	key=$(printf '%s' "$dir" | sha256sum | cut -c1-16)
	dest=$WSLX_CACHE/src/dir-$key
	tmp=$dest.tmp.$$
	step "copying the source tree $dir into $dest"
	rm -rf "$tmp"
	mkdir -p "$(dirname "$dest")"
	cp -al "$dir" "$tmp" 2>/dev/null || { rm -rf "$tmp"; cp -a "$dir" "$tmp"; }
	rm -rf "$tmp/.git" "$dest"
	mv "$tmp" "$dest"
	SRC_TREE=$dest
	SRC_ID="dir-$key-$(src_version "$dest")"
	SRC_DESC="$dir (linux $(src_version "$dest"))"
}

# src_from_path PATH [SHA256]: --source, a folder or a tarball.
src_from_path() {
	if [[ -d $1 ]]; then
		[[ -z ${2:-} ]] || die "--sha256 applies to a tarball, and --source $1 is a folder"
		src_from_dir "$1"
	else
		src_from_tarball "$@"
	fi
}

# src_fetch_url URL SHA256: download a pinned tarball (curl) and check it.
src_fetch_url() {
	local url=$1 sum=$2 file got
	[[ $sum =~ ^[0-9a-fA-F]{64}$ ]] || die "source_sha256=$sum: not a sha256 (64 hex digits)"
	need_cmd curl curl
	file=$WSLX_CACHE/src/downloads/$(basename "$url")
	mkdir -p "$(dirname "$file")"
	if [[ ! -f $file || $(src_sha256 "$file") != "${sum,,}" ]]; then
		step "downloading $url"
		curl -fL --retry 2 --connect-timeout 20 -o "$file.part" "$url" ||
			{ rm -f "$file.part"; die "$url: download failed (no network? pass --source DIR|TARBALL)"; }
		got=$(src_sha256 "$file.part")
		if [[ $got != "${sum,,}" ]]; then
			rm -f "$file.part"
			die "$url: sha256 $got does not match the expected $sum"
		fi
		mv "$file.part" "$file"
	fi
	src_from_tarball "$file" "$sum"
}

# src_fetch_git URL TAG: a shallow clone of one tag, kept in the cache.
src_fetch_git() {
	local url=$1 tag=$2 dest tmp
	[[ $tag =~ ^[A-Za-z0-9._/-]+$ ]] || die "source_tag=$tag: not a git tag name"
	need_cmd git git
	dest=$WSLX_CACHE/src/git-$(printf '%s' "$url#$tag" | sha256sum | cut -c1-16)
	if [[ ! -f $dest/.wslx-unpacked ]]; then
		tmp=$dest.tmp.$$
		rm -rf "$tmp" "$dest"
		step "cloning $url at $tag (shallow)"
		git -c advice.detachedHead=false clone -q --depth 1 --branch "$tag" "$url" "$tmp" >&2 ||
			{ rm -rf "$tmp"; die "$url: git clone of $tag failed (no network? pass --source DIR|TARBALL)"; }
		( src_check_tree "$tmp" "$url at $tag" ) || { rm -rf "$tmp"; exit 1; }
		touch "$tmp/.wslx-unpacked"
		mv "$tmp" "$dest"
	fi
	SRC_TREE=$dest
	SRC_ID=git-$(git -C "$dest" rev-parse HEAD)
	SRC_DESC="$url $tag (linux $(src_version "$dest"))"
}

# src_from_debian PACKAGE: the tarball of Debian's linux-source-X.Y,
# downloaded with apt (ci/source_files.sh keeps it in the cache).
src_from_debian() {
	local tarball
	tarball=$("$WSLX_ROOT/ci/source_files.sh" --tarball "$1") || exit 1
	src_from_tarball "$tarball"
}

# src_fetch_pinned LANE: the lane's own pinned source; WSLX_FETCH_DRY_RUN=1
# prints what would be fetched instead.
src_fetch_pinned() {
	local lane=$1 url sum git tag deb path
	url=$(lane_get "$lane" source_url "")
	sum=$(lane_get "$lane" source_sha256 "")
	git=$(lane_get "$lane" source_git "")
	tag=$(lane_get "$lane" source_tag "")
	deb=$(lane_get "$lane" source_debian "")
	path=$(lane_get "$lane" source_path "")
	if [[ -n $deb ]]; then
		[[ -z ${WSLX_FETCH_DRY_RUN:-} ]] || { printf 'fetch debian %s\n' "$deb"; exit 0; }
		src_from_debian "$deb"
	elif [[ -n $path ]]; then
		[[ -z ${WSLX_FETCH_DRY_RUN:-} ]] || { printf 'local %s\n' "$path"; exit 0; }
		src_from_path "$path"
	elif [[ -n $url ]]; then
		[[ -n $sum ]] || die "$(lane_file "$lane"): source_url needs source_sha256"
		[[ -z ${WSLX_FETCH_DRY_RUN:-} ]] || { printf 'fetch tarball %s sha256 %s\n' "$url" "$sum"; exit 0; }
		src_fetch_url "$url" "$sum"
	elif [[ -n $git ]]; then
		[[ -n $tag ]] || die "$(lane_file "$lane"): source_git needs source_tag"
		[[ -z ${WSLX_FETCH_DRY_RUN:-} ]] || { printf 'fetch git %s tag %s\n' "$git" "$tag"; exit 0; }
		src_fetch_git "$git" "$tag"
	else
		die "$(lane_file "$lane"): no source_git, source_url, source_debian or source_path, so give --source DIR|TARBALL"
	fi
}

# src_add_module TREE: put the module into the kernel tree as an in-tree
# driver, drivers/misc/<name>/ with its Kconfig sourced from
# drivers/misc/Kconfig and its folder listed in drivers/misc/Makefile. Off
# unless a configuration enables it, so out-of-tree lanes build the same
# kernel with or without it. sed -i writes new files, so a tree made of
# hard links to a user's tree never changes the user's files.
src_add_module() {
	local tree=$1 name kconfig dir f
	name=$(identity MODULE_NAME)
	kconfig=$(identity MODULE_KCONFIG)
	dir=$tree/drivers/misc/$name
	mkdir -p "$dir"
	for f in Kbuild Kconfig module.mk src compat; do
		rm -rf "${dir:?}/$f"
		cp -a "$WSLX_ROOT/$f" "$dir/"
	done
	grep -q "drivers/misc/$name/Kconfig" "$tree/drivers/misc/Kconfig" ||
		sed -i "\$i source \"drivers/misc/$name/Kconfig\"" "$tree/drivers/misc/Kconfig"
	grep -q "CONFIG_$kconfig)" "$tree/drivers/misc/Makefile" ||
		sed -i "\$a obj-\$(CONFIG_$kconfig)\t+= $name/" "$tree/drivers/misc/Makefile"
}
