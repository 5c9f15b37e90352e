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

# kb_make_cc: the CC= argument for kbuild.
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

# kb_build LANE SRC OUT: build the kernel configured in OUT.
kb_build() {
	local lane=$1 src=$2 out=$3 log=$3/wslx-build.log t0=$SECONDS before after hits misses
	kb_setup_ccache
	before=$(kb_ccache_stats)
	: >"$log"
	step "$lane: building the kernel in $out (log: $log)"
	if ! kb_run "$log" "$src" "$out" all; then
		printf '    %s\n' "$(kb_first_error "$log")" >&2
		die "LANE=$lane: the kernel build failed (log: $log)"
	fi
	rm -rf "$out/modroot"
	if ! kb_run "$log" "$src" "$out" INSTALL_MOD_PATH="$out/modroot" DEPMOD=/sbin/depmod modules_install; then
		die "LANE=$lane: modules_install failed (log: $log)"
	fi
	[[ -s $out/Module.symvers || $(kc_value "$out/.config" MODVERSIONS) != y ]] ||
		die "LANE=$lane: the build left no Module.symvers in $out"
	after=$(kb_ccache_stats)
	if [[ -n $before && -n $after ]]; then
		read -r hits misses < <(paste -d' ' <(tr ' ' '\n' <<<"$after") <(tr ' ' '\n' <<<"$before") |
			awk '{ d[NR] = $1 - $2 } END { print d[1], d[2] }')
		info "ccache: $hits hits, $misses misses ($(awk -v h="$hits" -v m="$misses" 'BEGIN { printf "%d", (h + m) ? 100 * h / (h + m) : 0 }')% hit rate)"
	fi
	touch "$out/.wslx-built"
	info "kernel $(cat "$out/include/config/kernel.release") built in $(elapsed "$t0")"
}
