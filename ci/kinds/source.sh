# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Lane kind "source": a kernel built here from source (lanes L1 and L2).
# The source is the lane's pinned one (git tag or tarball + sha256) unless
# WSLX_SOURCE names a local tree or tarball (ci/build_*.sh --source); the
# lane remembers the source of its last good build (source.env in its
# results folder), so later runs reuse that kernel.
#
# Configuration: WSLX_FULL=1 builds the lane's full configuration
# (full_config=); otherwise the small one: the tiny base plus
# ci/config/small.config plus the options that decide vermagic copied from
# the full configuration, so both give modules the same vermagic. Both get
# ci/config/qemu-smoke.config, which must not change the vermagic either.
# WSLX_FRAGMENTS adds fragments (files, space-separated) after those.
#
# Each distinct source + configuration builds in its own output folder
# ($WSLX_CACHE/kbuild/<lane>/<key>), so a failed build never disturbs the
# kernel of the lane's last good run. ccache is used when installed.
#
# Sets KREL, KDIR, KERNEL_IMAGE and MODULES_DIR for prepare_lane.sh, and
# SOURCE_NOTE.
# shellcheck disable=SC2034
# shellcheck source=ci/lib/kernel_source.sh
source "$WSLX_ROOT/ci/lib/kernel_source.sh"
# shellcheck source=ci/lib/kconfig.sh
source "$WSLX_ROOT/ci/lib/kconfig.sh"
# shellcheck source=ci/lib/kernel_build.sh
source "$WSLX_ROOT/ci/lib/kernel_build.sh"

# src_resolve LANE: SRC_TREE/SRC_ID/SRC_DESC from --source, the lane's
# remembered source, or its pinned one; SOURCE_STANDIN=1 when the tree is
# not the lane's pinned source (CI builds Debian's sources in its place).
src_resolve() {
	local lane=$1 remembered
	remembered=$(lane_dir "$lane")/source.env
	SOURCE_STANDIN=0
	if [[ -z ${WSLX_SOURCE:-} && -f $remembered ]]; then
		# shellcheck source=/dev/null
		source "$remembered"
		: "${WSLX_SOURCE:=}" "${WSLX_FULL:=}" "${WSLX_FRAGMENTS:=}"
	fi
	if [[ -n ${WSLX_SOURCE:-} ]]; then
		src_from_path "$WSLX_SOURCE" "${WSLX_SOURCE_SHA256:-}"
		SOURCE_STANDIN=1
	else
		src_fetch_pinned "$lane"
	fi
}

kind_prepare() {
	local lane=$1 spec cfg tmp key out
	local SRC_TREE SRC_ID SRC_DESC LANE_FRAGS USER_FRAGS CFG MAGIC
	src_resolve "$lane"
	step "$lane: source $SRC_DESC"
	src_add_module "$SRC_TREE"
	src_trusted_keys "$lane"
	if src_request_cached "$lane"; then
		return 0
	fi

	mkdir -p "$WSLX_CACHE/kbuild/$lane"
	tmp=$WSLX_CACHE/kbuild/$lane/config.tmp
	rm -rf "$tmp"
	spec=$(lane_get "$lane" full_config)
	src_fragments "$lane"
	if [[ ${WSLX_FULL:-} == 1 ]]; then
		step "$lane: configuring ($spec, full configuration)"
		src_configure_full "$lane" "$spec" "$tmp"
	else
		step "$lane: configuring (small: tiny + ci/config/small.config + the vermagic options of $spec)"
		src_configure_small "$lane" "$spec" "$tmp"
	fi
	cfg=$CFG

	key=$(cat <(printf '%s\n' "$SRC_ID") "$cfg/.config" | sha256sum | cut -c1-16)
	out=$WSLX_CACHE/kbuild/$lane/$key
	if [[ ! -f $out/.wslx-built ]]; then
		if [[ -d $out ]]; then
			cp "$cfg/.config" "$out/.config"
		else
			mv "$cfg" "$out"
		fi
		kb_build "$lane" "$SRC_TREE" "$out"
	else
		info "kernel already built in $out"
	fi
	# What src_use_build shows on every later run, kept with the kernel.
	printf '%s\n' "$MAGIC" >"$out/.wslx-vermagic"
	rm -f "$out/.wslx-config-changes.txt"
	[[ ! -f $tmp/config-changes.txt ]] || mv "$tmp/config-changes.txt" "$out/.wslx-config-changes.txt"
	rm -rf "$tmp"
	printf '%s\n' "$out" >"$WSLX_CACHE/kbuild/$lane/requests/$(src_request_key "$lane")"
	src_use_build "$lane" "$out"
}

# src_fragments LANE: LANE_FRAGS, the lane's own fragments (fragments=,
# repository paths; a debug lane adds its checkers this way) and its key
# fragment, and USER_FRAGS, those of --fragment, applied last.
src_fragments() {
	local lane=$1 frag
	LANE_FRAGS=() USER_FRAGS=()
	for frag in $(lane_get "$lane" fragments ""); do
		[[ -f $WSLX_ROOT/$frag ]] || die "$(lane_file "$lane"): fragments: no such file $frag"
		LANE_FRAGS+=("$WSLX_ROOT/$frag")
	done
	[[ -f $WSLX_CACHE/kbuild/$lane/keys.config ]] && LANE_FRAGS+=("$WSLX_CACHE/kbuild/$lane/keys.config")
	for frag in ${WSLX_FRAGMENTS:-}; do
		[[ -f $frag && -r $frag ]] || die "--fragment $frag: cannot read"
		USER_FRAGS+=("$frag")
	done
}

# src_configure_twice SPEC TMP FRAGMENT...: configure TMP/bare with the
# fragments and TMP/final with the QEMU fragment added too, check both, and
# prove the QEMU fragment leaves the vermagic alone. Sets CFG (TMP/final)
# and MAGIC (its vermagic).
src_configure_twice() {
	local spec=$1 tmp=$2 bare
	shift 2
	kc_configure "$SRC_TREE" "$tmp/bare" "$spec" "$@"
	kc_check_fragments "$tmp/bare/.config" "$@"
	bare=$(kc_vermagic "$SRC_TREE" "$tmp/bare")
	set -- "$@" "$WSLX_ROOT/ci/config/qemu-smoke.config"
	kc_configure "$SRC_TREE" "$tmp/final" "$spec" "$@"
	kc_check_fragments "$tmp/final/.config" "$@"
	MAGIC=$(kc_vermagic "$SRC_TREE" "$tmp/final")
	[[ $MAGIC == "$bare" ]] ||
		die "ci/config/qemu-smoke.config changes the vermagic ('$bare' becomes '$MAGIC')"
	CFG=$tmp/final
}

# src_configure_full LANE SPEC TMP: the lane's full configuration, with
# what olddefconfig changed in a config file listed.
src_configure_full() {
	src_configure_twice "$2" "$3" "${LANE_FRAGS[@]}" "${USER_FRAGS[@]}"
	kc_report_changes "$1" "$2" "$3/bare"
}

# src_configure_small LANE SPEC TMP: the tiny base, small.config, the
# vermagic options of the full configuration, then the lane's and the
# user's fragments; its vermagic must be the full configuration's.
src_configure_small() {
	local spec=$2 tmp=$3 full
	kc_configure "$SRC_TREE" "$tmp/full" "$spec"
	kc_report_changes "$1" "$spec" "$tmp/full"
	full=$(kc_vermagic "$SRC_TREE" "$tmp/full")
	kc_abi_fragment "$tmp/full/.config" >"$tmp/abi.config"
	src_configure_twice tiny "$tmp" "$WSLX_ROOT/ci/config/small.config" "$tmp/abi.config" \
		"${LANE_FRAGS[@]}" "${USER_FRAGS[@]}"
	[[ $MAGIC == "$full" ]] ||
		die "the small configuration's vermagic '$MAGIC' differs from the full one's '$full'"
}

# src_use_build LANE OUT: the results kind_prepare hands on, for a built kernel;
# the lane remembers its source only now, so a failed attempt leaves the
# last good one.
src_use_build() {
	local lane=$1 out=$2 list
	list=$(lane_dir "$lane")/config-changes.txt
	info "vermagic: $(cat "$out/.wslx-vermagic")"
	rm -f "$list"
	if [[ -f $out/.wslx-config-changes.txt ]]; then
		cp "$out/.wslx-config-changes.txt" "$list"
		info "olddefconfig changed $(grep -c '^[a-z]' "$list") options of the lane's config file ($(grep -c '^dropped' "$list") dropped, $(grep -c '^added' "$list") added, $(grep -c '^changed' "$list") changed); list: $list"
		if grep -q '^dropped DXGKRNL' "$list"; then
			info "  among them: DXGKRNL dropped (WSL's GPU driver is not in this tree)"
		fi
	fi
	KREL=$(cat "$out/include/config/kernel.release")
	KDIR=$out
	# vmlinux boots directly (PVH), skipping decompression; a KASAN kernel
	# cannot take the PVH entry, so its lane boots the bzImage
	# (boot_image=bzImage).
	KERNEL_IMAGE=$out/vmlinux
	[[ $(lane_get "$lane" boot_image vmlinux) == bzImage ]] && KERNEL_IMAGE=$out/arch/x86/boot/bzImage
	MODULES_DIR=$out/modroot/lib/modules/$KREL
	SOURCE_NOTE="source: $SRC_DESC"
	{
		printf 'WSLX_SOURCE=%q\n' "${WSLX_SOURCE:-}"
		printf 'WSLX_SOURCE_SHA256=%q\n' "${WSLX_SOURCE_SHA256:-}"
		printf 'WSLX_FULL=%q\n' "${WSLX_FULL:-}"
		printf 'WSLX_FRAGMENTS=%q\n' "${WSLX_FRAGMENTS:-}"
	} >"$(lane_dir "$lane")/source.env"
}

# src_request_key LANE: a digest of everything that decides the lane's
# kernel (source, mode, lane file, fragments, the module's Kconfig and this
# logic), so that a repeated run skips configuring.
src_request_key() {
	local frag
	{
		printf '%s\n' "$SRC_ID" "${WSLX_FULL:-}"
		cat "$(lane_file "$1")" "$WSLX_ROOT"/ci/config/*.config "$WSLX_ROOT/Kconfig" \
			"$WSLX_ROOT/ci/kinds/source.sh" "$WSLX_ROOT/ci/lib/kconfig.sh"
		for frag in ${WSLX_FRAGMENTS:-} "$WSLX_CACHE/kbuild/$1/keys.config"; do
			[[ ! -f $frag ]] || cat "$frag"
		done
	} | sha256sum | cut -c1-16
}

# src_trusted_keys LANE: for a lane with trusted_keys=wslx-test, the
# fragment that builds the throwaway test key (ci/make_keys.sh) into the
# kernel: its certificate trusted, and the key signing the kernel's own
# modules. The certificate's digest is in the fragment, so a new key makes
# a new kernel.
src_trusted_keys() {
	local lane=$1 keys frag=$WSLX_CACHE/kbuild/$1/keys.config
	mkdir -p "$(dirname "$frag")"
	case $(lane_get "$lane" trusted_keys "") in
	'') rm -f "$frag"; return 0 ;;
	wslx-test) keys=$("$WSLX_ROOT/ci/make_keys.sh") ;;
	*) die "$(lane_file "$lane"): trusted_keys=$(lane_get "$lane" trusted_keys): only wslx-test is known" ;;
	esac
	{
		printf '# the wslx test key, certificate sha256 %s\n' "$(sha256sum <"$keys/signing_key.x509" | cut -d' ' -f1)"
		printf 'CONFIG_SYSTEM_TRUSTED_KEYS="%s"\n' "$keys/signing_cert.pem"
		printf 'CONFIG_MODULE_SIG_KEY="%s"\n' "$keys/signing_key.pem"
	} >"$frag"
}

# src_request_cached LANE: use the kernel an identical request built.
src_request_cached() {
	local req out
	mkdir -p "$WSLX_CACHE/kbuild/$1/requests"
	req=$WSLX_CACHE/kbuild/$1/requests/$(src_request_key "$1")
	[[ -f $req ]] || return 1
	out=$(cat "$req")
	[[ -f $out/.wslx-built ]] || return 1
	info "kernel already built in $out"
	src_use_build "$1" "$out"
}

# kc_report_changes LANE SPEC OUT: for a config file written for another
# kernel (the WSL config on a stand-in tree), list what olddefconfig
# changed; the lane shows the sums and keeps the list (config-changes.txt).
kc_report_changes() {
	local spec=$2 out=$3 file
	[[ $spec == file:* ]] || return 0
	file=$(kc_base_file "$spec" "$SRC_TREE")
	{
		printf '# olddefconfig on %s with %s\n' "$SRC_DESC" "$file"
		kc_diff "$file" "$out/.config"
	} >"$(dirname "$out")/config-changes.txt"
}
