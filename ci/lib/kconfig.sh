# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Kernel configuration for source lanes: build a .config from a base (the
# tiny configuration, a defconfig target or a config file) plus fragments,
# check that every fragment line survived Kconfig's dependency resolution,
# work out the vermagic a configuration gives, and list what olddefconfig
# changed in a config file written for another kernel version.

# kc_make SRC OUT TARGET [VAR=VALUE...]: a quiet kbuild call in OUT.
kc_make() {
	local src=$1 out=$2
	shift 2
	make -s -C "$src" O="$out" ARCH=x86 "$@" >>"$out/kconfig.log" 2>&1 ||
		{ tail -n 5 "$out/kconfig.log" >&2; die "make $* in $out failed (log: $out/kconfig.log)"; }
}

# kc_base_file SPEC SRC: the config file a "file:" base names. SPEC is
# "file:" and a comma-separated list of tree:<path in the kernel tree>,
# repo:<path in this repository> and lane:<distro lane> (that kernel's
# own .config): the first that exists, e.g. a WSL tree's
# Microsoft/config-wsl before the copy kept in this repository.
kc_base_file() {
	local spec=${1#file:} src=$2 p
	for p in ${spec//,/ }; do
		case $p in
		tree:*) [[ -f $src/${p#tree:} ]] && { printf '%s\n' "$src/${p#tree:}"; return 0; } ;;
		repo:*) [[ -f $WSLX_ROOT/${p#repo:} ]] && { printf '%s\n' "$WSLX_ROOT/${p#repo:}"; return 0; } ;;
		lane:*)
			# A distribution's config: that of a distro lane's kernel.
			"$WSLX_ROOT/ci/prepare_lane.sh" "${p#lane:}" >/dev/null 2>&1 ||
				die "config spec $1: preparing lane ${p#lane:} failed (run: make prepare LANE=${p#lane:})"
			printf '%s\n' "$WSLX_BUILD/lanes/${p#lane:}/kdir/.config"
			return 0
			;;
		*) die "config spec $1: each path starts with tree:, repo: or lane:" ;;
		esac
	done
	die "config spec $1: none of its files exists"
}

# kc_configure SRC OUT SPEC FRAGMENT...: write OUT/.config from the base
# SPEC and the fragments (later ones win). A tiny base is allnoconfig with
# the kernel's own tiny fragments and ours given to Kconfig together, so
# options our fragments reveal start off, as in tinyconfig. Other bases get
# the fragments merged on top, then olddefconfig.
kc_configure() {
	local src=$1 out=$2 spec=$3 f
	shift 3
	mkdir -p "$out"
	: >"$out/kconfig.log"
	case $spec in
	tiny)
		: >"$out/allconfig"
		for f in "$src/kernel/configs/tiny-base.config" "$src/kernel/configs/tiny.config" \
			"$src/arch/x86/configs/tiny.config" "$@"; do
			[[ -f $f ]] && cat "$f" >>"$out/allconfig"
		done
		kc_make "$src" "$out" KCONFIG_ALLCONFIG="$out/allconfig" allnoconfig
		;;
	defconfig:*)
		kc_make "$src" "$out" "${spec#defconfig:}"
		kc_merge "$src" "$out" "$@"
		;;
	file:*)
		cp "$(kc_base_file "$spec" "$src")" "$out/.config"
		kc_merge "$src" "$out" "$@"
		;;
	*) die "config=$spec: not tiny, defconfig:<target> or file:<paths>" ;;
	esac
}

# kc_merge SRC OUT FRAGMENT...: fragment lines replace the same option's
# line in OUT/.config, then olddefconfig resolves the rest.
kc_merge() {
	local src=$1 out=$2 f
	shift 2
	for f in "$@"; do
		awk 'FNR == NR { if (match($0, /CONFIG_[A-Za-z0-9_]+/)) set[substr($0, RSTART, RLENGTH)] = $0; next }
			match($0, /CONFIG_[A-Za-z0-9_]+/) && (substr($0, RSTART, RLENGTH) in set) { next }
			{ print } END { for (k in set) print set[k] }' "$f" "$out/.config" >"$out/.config.new"
		mv "$out/.config.new" "$out/.config"
	done
	kc_make "$src" "$out" olddefconfig
}

# kc_value CONFIG OPTION: an option's value in a .config ("n" if unset).
kc_value() {
	awk -v o="CONFIG_$2" -F= '$1 == o { v = substr($0, length(o) + 2) } END { print (v == "" ? "n" : v) }' "$1"
}

# kc_check_fragments CONFIG FRAGMENT...: every option a fragment sets must
# have that value in the final .config; Kconfig silently drops an option
# whose dependencies are off, so say which. CONFIG_MODULES comes first:
# without it no external module builds or loads.
kc_check_fragments() {
	local config=$1 f line opt want got
	shift
	if [[ $(kc_value "$config" MODULES) != y ]]; then
		# Name the fragment that turned it off, else the configuration.
		local culprit=$config
		for f in "$@"; do
			grep -q -E '^(# CONFIG_MODULES is not set|CONFIG_MODULES=n)' "$f" && culprit=$f
		done
		die "$culprit: CONFIG_MODULES is not set: this kernel cannot build or load external modules"
	fi
	# A later fragment overrides an earlier one's value for an option
	# (the order Kconfig applies them in): check the last word on each.
	local -A wants=() from=()
	for f in "$@"; do
		while read -r line; do
			if [[ $line =~ ^CONFIG_([A-Za-z0-9_]+)=(.*)$ ]]; then
				opt=${BASH_REMATCH[1]} want=${BASH_REMATCH[2]}
			elif [[ $line =~ ^#\ CONFIG_([A-Za-z0-9_]+)\ is\ not\ set ]]; then
				opt=${BASH_REMATCH[1]} want=n
			else
				continue
			fi
			wants[$opt]=$want from[$opt]=$f
		done <"$f"
	done
	for opt in "${!wants[@]}"; do
		got=$(kc_value "$config" "$opt")
		[[ $got == "${wants[$opt]}" ]] ||
			die "${from[$opt]}: CONFIG_$opt=${wants[$opt]} did not survive Kconfig on this kernel (got $got: a dependency is off or the option does not exist)"
	done
}

# kc_vermagic SRC OUT: the vermagic string modules of a configured kernel
# carry: the release, then the flags include/linux/vermagic.h adds for
# these options (SMP, preemption model, module unloading, modversions,
# struct randomization).
kc_vermagic() {
	local src=$1 out=$2 config=$2/.config krel magic
	krel=$(make -s -C "$src" O="$out" ARCH=x86 kernelrelease 2>/dev/null | tail -n 1)
	magic="$krel "
	[[ $(kc_value "$config" SMP) == y ]] && magic+="SMP "
	if [[ $(kc_value "$config" PREEMPT_RT) == y ]]; then
		magic+="preempt_rt "
	elif [[ $(kc_value "$config" PREEMPT_BUILD) == y || $(kc_value "$config" PREEMPT) == y ]]; then
		magic+="preempt "
	fi
	[[ $(kc_value "$config" MODULE_UNLOAD) == y ]] && magic+="mod_unload "
	[[ $(kc_value "$config" MODVERSIONS) == y ]] && magic+="modversions "
	[[ $(kc_value "$config" RANDSTRUCT) == y ]] && magic+="RANDSTRUCT "
	printf '%s\n' "$magic"
}

# The options that decide a module's vermagic and how the kernel treats
# modules; a small lane copies them from its full configuration.
KC_ABI_OPTIONS=(64BIT LOCALVERSION LOCALVERSION_AUTO SMP PREEMPT_NONE PREEMPT_VOLUNTARY
	PREEMPT PREEMPT_RT PREEMPT_DYNAMIC MODULES MODULE_UNLOAD MODULE_FORCE_UNLOAD
	MODVERSIONS MODULE_FORCE_LOAD MODULE_SIG MODULE_SIG_FORCE RANDSTRUCT_NONE)

# kc_abi_fragment CONFIG: those options' lines from a .config, as a fragment.
kc_abi_fragment() {
	local opt val
	for opt in "${KC_ABI_OPTIONS[@]}"; do
		val=$(kc_value "$1" "$opt")
		if [[ $val == n ]]; then
			printf '# CONFIG_%s is not set\n' "$opt"
		else
			printf 'CONFIG_%s=%s\n' "$opt" "$val"
		fi
	done
}

# kc_diff OLD NEW: what olddefconfig did to a config file, one option per
# line ("dropped X", "added X=v", "changed X old -> new"), options that are
# off in both left out.
kc_diff() {
	awk 'function val(line) {
			if (line ~ /^CONFIG_/) { sub(/^[^=]*=/, "", line); return line }
			return "n"
		}
		function name(line) {
			if (match(line, /CONFIG_[A-Za-z0-9_]+/)) return substr(line, RSTART + 7, RLENGTH - 7)
			return ""
		}
		/^(CONFIG_|# CONFIG_.* is not set)/ {
			n = name($0); if (n == "") next
			if (FNR == NR) old[n] = val($0); else new[n] = val($0)
		}
		END {
			for (n in old) {
				if (!(n in new)) { if (old[n] != "n") print "dropped " n "=" old[n] }
				else if (old[n] != new[n]) print "changed " n " " old[n] " -> " new[n]
			}
			for (n in new) if (!(n in old) && new[n] != "n") print "added " n "=" new[n]
		}' "$1" "$2" | LC_ALL=C sort
}
