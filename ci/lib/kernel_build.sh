# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Building a configured kernel: vmlinux, the modules and Module.symvers
# (an external module built without Module.symvers loads nowhere that has
# MODVERSIONS, and modpost fails on it from 6.6 on), then the modules
# installed under OUT/modroot and indexed with depmod, as QEMU's guest and
# modcheck expect them. ccache, when installed, keeps its own cache in
# $WSLX_CACHE/ccache, and its hit rate is printed.

# kb_ccache_stats: "hits misses" from wslx's ccache, or nothing.
kb_ccache_stats() {
	ccache --print-stats 2>/dev/null | awk -F'\t' '
		$1 ~ /^(direct|preprocessed)_cache_hit$/ { h += $2 }
		$1 == "cache_miss" { m += $2 }
		END { print h + 0, m + 0 }'
}

# kb_setup_ccache: KB_CC, the CC= argument that puts ccache (when
# installed) in front of gcc, with wslx's own cache.
kb_setup_ccache() {
	KB_CC=()
	command -v ccache >/dev/null 2>&1 || return 0
	export CCACHE_DIR=$WSLX_CACHE/ccache
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
	KB_CC=(CC="ccache gcc")
}

# kb_first_error LOG: the first compiler or linker error of a build log.
kb_first_error() {
	grep -m 1 -E '(error|Error [0-9]+|undefined reference|No rule to make target)' "$1" || tail -n 1 "$1"
}

# kb_run LOG SRC OUT TARGET...: kbuild with the output in LOG and a
# progress line every 20 s (a cold build takes minutes).
kb_run() {
	local log=$1 src=$2 out=$3 pid t0=$SECONDS rc=0
	shift 3
	make -C "$src" O="$out" ARCH=x86 "${KB_CC[@]}" -j "$(nproc)" "$@" >>"$log" 2>&1 &
	pid=$!
	while ! wait_for "$pid" 20; do
		info "$(elapsed "$t0"): $(grep -c -E '^  (CC|AS|LD) ' "$log") objects built, last: $(grep -E '^  [A-Z]+ ' "$log" | tail -n 1 | sed 's/^ *//')"
	done
	wait "$pid" || rc=$?
	return "$rc"
}

# kb_make_or_die LANE WHAT LOG SRC OUT TARGET...: kb_run, or a one-line
# error naming WHAT, the log and the build's first error.
kb_make_or_die() {
	local lane=$1 what=$2 log=$3
	shift 3
	kb_run "$log" "$@" ||
		die "LANE=$lane: $what failed (log: $log); first error: $(kb_first_error "$log")"
}

# kb_install LANE LOG SRC OUT ROOT: the kernel's modules installed under
# ROOT/lib/modules/<release>, indexed with depmod.
kb_install() {
	rm -rf "$5"
	kb_make_or_die "$1" modules_install "$2" "$3" "$4" INSTALL_MOD_PATH="$5" DEPMOD=/sbin/depmod modules_install
}

# kb_build LANE SRC OUT: build the kernel configured in OUT.
kb_build() {
	local lane=$1 src=$2 out=$3 log=$3/wslx-build.log t0=$SECONDS h0 m0 h1 m1
	kb_setup_ccache
	read -r h0 m0 < <(kb_ccache_stats)
	: >"$log"
	step "$lane: building the kernel in $out (log: $log)"
	kb_make_or_die "$lane" "the kernel build" "$log" "$src" "$out" all
	kb_install "$lane" "$log" "$src" "$out" "$out/modroot"
	[[ -s $out/Module.symvers || $(kc_value "$out/.config" MODVERSIONS) != y ]] ||
		die "LANE=$lane: the build left no Module.symvers in $out"
	if [[ ${#KB_CC[@]} -gt 0 ]]; then
		read -r h1 m1 < <(kb_ccache_stats)
		info "ccache: $((h1 - h0)) hits, $((m1 - m0)) misses ($(awk -v h=$((h1 - h0)) -v m=$((m1 - m0)) 'BEGIN { printf "%d", (h + m) ? 100 * h / (h + m) : 0 }')% hit rate)"
	fi
	touch "$out/.wslx-built"
	info "kernel $(cat "$out/include/config/kernel.release") built in $(elapsed "$t0")"
}
