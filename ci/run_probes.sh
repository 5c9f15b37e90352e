#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run_probes.sh [--isolated] KDIR OUTDIR: answer every probes/*.c for one
# kernel and write OUTDIR/autoconf_compat.h (HAVE_* macros) and
# OUTDIR/probes.tsv (probe, macro, kind, answer, seconds, method).
#
# Probe kinds (from each file's header comment):
#   compile     yes if the snippet compiles against the kernel's headers with
#               kbuild's real flags plus -Werror;
#   symbol      yes if "symbol: NAME" is exported to modules, answered from
#               Module.symvers without compiling;
#   canary-yes  must compile, canary-no must not: if either answers wrong the
#               toolchain or headers are broken and the run stops.
#
# Parsing the kernel headers is nearly all of a probe's cost, so all compile
# probes go into one translation unit, each behind a #line directive naming
# its own file: GCC then attributes every error to the probe it belongs to
# (directly, or through the "In file included from" chain). A fatal error,
# or an error no probe can be blamed for, is settled by compiling probes in
# isolation. --isolated compiles every probe on its own (the tests compare
# both ways, probe for probe).
#
# kbuild's compile command is captured once per kernel by building the
# compile canary through kbuild itself, and reused for the batch.
#
# The header is rewritten only when its content changes, so a rerun does not
# rebuild the module. Answers are cached under a hash of what can change
# them: kernel release, .config, Module.symvers, compiler, probes.
set -euo pipefail
# shellcheck source=ci/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

in_buildroot "$0" "$@"
isolated=0
if [[ ${1:-} == --isolated ]]; then
	isolated=1
	shift
fi
[[ $# -eq 2 ]] || die "usage: run_probes.sh [--isolated] KDIR OUTDIR"
kdir=$(realpath -m "$1")
out=$(realpath -m "$2")
krel=$(kdir_release "$kdir")
# WSLX_PROBES_DIR: another probe folder (the tests use it for broken probes).
probes_dir=$(realpath -m "${WSLX_PROBES_DIR:-$WSLX_ROOT/probes}")
mkdir -p "$out"
mapfile -t cc_args < <(kbuild_cc_args "$kdir" 2>/dev/null)

# probe_field FILE KEY: a "KEY: value" line of the probe's header comment.
probe_field() {
	sed -n "1,/\*\//s/^ \* $2: //p" "$1" | head -n 1
}

names=() macros=() kinds=() symbols=()
for f in "$probes_dir"/*.c; do
	[[ -e $f ]] || break
	name=$(basename "$f" .c)
	macro=$(probe_field "$f" probe)
	kind=$(probe_field "$f" kind)
	symbol=
	[[ $name =~ ^[a-z0-9_]+$ ]] || die "$f: probe file names are lower case, digits and _"
	[[ $macro =~ ^[A-Z][A-Z0-9_]*$ ]] ||
		die "$f: header comment needs a line ' * probe: HAVE_SOMETHING' (got '${macro}')"
	case $kind in
	compile | canary-yes | canary-no) ;;
	symbol)
		symbol=$(probe_field "$f" symbol)
		[[ $symbol =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] ||
			die "$f: a symbol probe needs a line ' * symbol: NAME' (got '${symbol}')"
		;;
	*) die "$f: header comment line ' * kind:' must be compile, symbol, canary-yes or canary-no (got '${kind}')" ;;
	esac
	names+=("$name") macros+=("$macro") kinds+=("$kind") symbols+=("$symbol")
done
[[ ${#names[@]} -gt 0 ]] || die "$probes_dir: no probes"
for kind in canary-yes canary-no; do
	[[ " ${kinds[*]} " == *" $kind "* ]] || die "$probes_dir: no $kind probe (the canaries guard every answer)"
done

hash_of() { sha256sum | cut -c1-32; }
kernel_key=$({
	printf '%s\n' "$krel" "${cc_args[*]}"
	cat "$kdir/.config"
	cat "$kdir/.kernelvariables" 2>/dev/null || true
	gcc --version
} | hash_of)
key=$({
	printf '%s %s\n' "$kernel_key" "$isolated"
	cat "$kdir/Module.symvers" "$0" "$probes_dir"/*.c
} | hash_of)
cache=$WSLX_CACHE/probes/$krel-$key.tsv
mkdir -p "$WSLX_CACHE/probes"

# kbuild_command: kbuild's command line for compiling one C file of an
# external module for this kernel, with @SRC@ and @OBJ@ in place of the
# file names, after a first line saying where it runs: "cwd=kdir" (kbuild
# up to 6.12 compiles from the kernel tree) or "cwd=module" (6.13 and later
# compile from the module's folder, with relative names). Captured from the
# .cmd file kbuild writes for the compile canary; cached per kernel.
kbuild_command() {
	local cmdcache=$WSLX_CACHE/probes/$krel-$kernel_key.cmd work=$out/kbuild
	if [[ -s $cmdcache ]]; then
		cat "$cmdcache"
		return 0
	fi
	rm -rf "$work"
	mkdir -p "$work"
	cp "$probes_dir/canary_compiles.c" "$work/canary_compiles.c"
	printf 'ccflags-y := -Werror -Wno-missing-prototypes -Wno-missing-declarations\nobj-m := canary_compiles.o\n' \
		>"$work/Kbuild"
	if ! make -C "$kdir" M="$work" "${cc_args[@]}" canary_compiles.o >"$out/kbuild.log" 2>&1; then
		die "probes: canary canary_compiles does not compile through kbuild on $krel: the toolchain or the headers in $kdir are broken (see $out/kbuild.log)"
	fi
	# "cmd_X := gcc ..." (5.x) or "savedcmd_X := gcc ..." (6.x); drop the
	# dependency-file option and whatever kbuild chains after the compile.
	local line prefix cwd
	line=$(sed -n 's/^\(saved\)\{0,1\}cmd_[^ ]* := //p' "$work/.canary_compiles.o.cmd" | head -n 1)
	if [[ $line == *" $work/canary_compiles.c"* ]]; then
		prefix=$work/ cwd=kdir
	else
		prefix='' cwd=module
	fi
	{
		printf 'cwd=%s\n' "$cwd"
		sed -e "s| ${prefix}canary_compiles\.c.*| @SRC@|" \
			-e "s|-o ${prefix}canary_compiles\.o|-o @OBJ@|" \
			-e 's|-Wp,-MMD,[^ ]*||' <<<"$line"
	} >"$cmdcache.tmp"
	if ! grep -q '@SRC@' "$cmdcache.tmp" || ! grep -q '@OBJ@' "$cmdcache.tmp"; then
		die "probes: could not read kbuild's compile command from $work/.canary_compiles.o.cmd"
	fi
	mv "$cmdcache.tmp" "$cmdcache"
	cat "$cmdcache"
}

# compile SRC: run kbuild's command on SRC where kbuild runs it (the
# command has paths relative to that folder); diagnostics on stdout.
compile() {
	local cmd=${command#*$'\n'} dir=$kdir
	[[ ${command%%$'\n'*} == cwd=module ]] && dir=$(dirname "$1")
	cmd=${cmd//@SRC@/$1}
	cmd=${cmd//@OBJ@/$1.o}
	(cd "$dir" && eval "$cmd") 2>&1
}

# Every probe's identifiers start with wslx_probe; give each probe its own
# prefix so that they can share one translation unit.
emit_probe() {
	printf '#line 1 "%s/%s.c"\n' "$probes_dir" "$1"
	sed "s/\bwslx_probe/wslx_probe_$2_/g" "$probes_dir/$1.c"
}

# blame: read GCC's diagnostics, print the name of every probe that has an
# error (directly or through the include chain that led to a header), or
# "?" for an error that cannot be attributed, or "!NAME" for a fatal one.
blame() {
	awk -v dir="$probes_dir/" '
	function probe_of(path) {
		if (index(path, dir) != 1) return ""
		path = substr(path, length(dir) + 1)
		sub(/\.c$/, "", path)
		return path
	}
	/^In file included from / || /^ +from / {
		sub(/^(In file included from| +from) /, "")
		sub(/:[0-9]+[:,]$/, "")
		p = probe_of($0)
		if (p != "") ctx = p
		next
	}
	/: In function / { p = probe_of(substr($0, 1, index($0, ":") - 1)); if (p != "") ctx = p; next }
	/: (fatal )?error: / || /: warning: / {
		p = probe_of(substr($0, 1, index($0, ":") - 1))
		if (p == "") p = ctx
		if (p == "") p = "?"
		if ($0 ~ /fatal error: /) print "!" p
		else print p
	}'
}

if [[ -f $cache ]]; then
	info "probes: ${#names[@]} answers cached for $krel"
else
	t0=$SECONDS
	cpu0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
	answers=() seconds=() methods=()
	compile_idx=()
	for i in "${!names[@]}"; do
		answers[i]=no seconds[i]=0 methods[i]=batch
		if [[ ${kinds[$i]} == symbol ]]; then
			methods[i]=symvers
			awk -F'\t' -v s="${symbols[$i]}" '$2 == s { found = 1 } END { exit !found }' \
				"$kdir/Module.symvers" && answers[i]=yes
		else
			compile_idx+=("$i")
		fi
	done
	step "probes: $((${#names[@]} - ${#compile_idx[@]})) symbol and ${#compile_idx[@]} compile probes against $krel$([[ $isolated -eq 1 ]] && echo ' (isolated)')"
	command=$(kbuild_command)
	work=$out/work
	rm -rf "$work"
	mkdir -p "$work"
	: >"$out/probes.log"

	isolate=()
	if [[ $isolated -eq 1 ]]; then
		isolate=("${compile_idx[@]}")
	else
		# One translation unit. Probes blamed for an error answer "no" and
		# leave; the rest are compiled again until the unit compiles
		# cleanly. That second pass matters: GCC skips code generation
		# when a unit has errors, and some questions (BUILD_BUG_ON and
		# other __attribute__((error)) checks) are only answered there.
		# A fatal error stops the compiler: its probe leaves, the others
		# stay undecided for the next pass.
		pending=("${compile_idx[@]}")
		spent=0
		while [[ ${#pending[@]} -gt 0 ]]; do
			: >"$work/batch.c"
			for i in "${pending[@]}"; do
				emit_probe "${names[$i]}" "$i" >>"$work/batch.c"
			done
			rm -f "$work/batch.c.o"
			tb=$(date +%s%N)
			diag=$(compile "$work/batch.c" || true)
			spent=$((spent + $(date +%s%N) - tb))
			printf '%s\n' "$diag" >>"$out/probes.log"
			blamed=$(blame <<<"$diag" | sort -u)
			if [[ -f $work/batch.c.o ]]; then
				for i in "${pending[@]}"; do answers[i]=yes; done
				break
			fi
			next=()
			for i in "${pending[@]}"; do
				if grep -qx -e "${names[$i]}" -e "!${names[$i]}" <<<"$blamed"; then
					answers[i]=no
				else
					next+=("$i")
				fi
			done
			if grep -qE '^!?\?$' <<<"$blamed" || [[ ${#next[@]} -eq ${#pending[@]} ]]; then
				# Errors no probe can be blamed for: settle one by one.
				isolate=("${next[@]}")
				break
			fi
			pending=("${next[@]}")
		done
		for i in "${compile_idx[@]}"; do
			seconds[i]=$((spent / ${#compile_idx[@]}))
		done
	fi
	for i in "${isolate[@]}"; do
		emit_probe "${names[$i]}" "$i" >"$work/${names[$i]}.c"
		tb=$(date +%s%N)
		if diag=$(compile "$work/${names[$i]}.c"); then
			answers[i]=yes
		else
			answers[i]=no
		fi
		seconds[i]=$(($(date +%s%N) - tb))
		methods[i]=isolated
		printf '%s\n' "$diag" >>"$out/probes.log"
	done

	# Canaries: a broken toolchain or header tree answers "no" to
	# everything, which would silently pick every fallback.
	for i in "${!names[@]}"; do
		if [[ ${kinds[$i]} == canary-yes && ${answers[$i]} != yes ]] ||
			[[ ${kinds[$i]} == canary-no && ${answers[$i]} != no ]]; then
			die "probes: canary ${names[$i]} answered '${answers[$i]}' on $krel: the toolchain or the headers in $kdir are broken (see $out/probes.log)"
		fi
	done
	tmp=$cache.tmp.$$
	for i in "${!names[@]}"; do
		printf '%s\t%s\t%s\t%s\t%d.%03d\t%s\n' "${names[$i]}" "${macros[$i]}" \
			"${kinds[$i]}" "${answers[$i]}" "$((seconds[i] / 1000000000))" \
			"$((seconds[i] / 1000000 % 1000))" "${methods[$i]}"
	done >"$tmp"
	mv "$tmp" "$cache"
	cpu=$(awk -v c0="$cpu0" '{ printf "%.2f", ($14 + $15 + $16 + $17 - c0) / 100 }' /proc/$$/stat)
	info "probes: done in $(elapsed "$t0") ($cpu CPU-s)"
fi

printf 'probe\tmacro\tkind\tanswer\tseconds\tmethod\n' >"$out/probes.tsv"
cat "$cache" >>"$out/probes.tsv"
{
	printf '/* SPDX-License-Identifier: GPL-2.0-only */\n'
	printf '/* Generated by ci/run_probes.sh for %s: do not edit. */\n' "$krel"
	while IFS=$'\t' read -r name macro kind answer _; do
		[[ $kind == compile || $kind == symbol ]] || continue
		if [[ $answer == yes ]]; then
			printf '#define %s 1\t/* probes/%s.c */\n' "$macro" "$name"
		else
			printf '/* #undef %s */\t/* probes/%s.c */\n' "$macro" "$name"
		fi
	done <"$cache"
} >"$out/autoconf_compat.h.tmp"
if cmp -s "$out/autoconf_compat.h.tmp" "$out/autoconf_compat.h"; then
	rm "$out/autoconf_compat.h.tmp"
else
	mv "$out/autoconf_compat.h.tmp" "$out/autoconf_compat.h"
fi
