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
# them: kernel release and tree, .config, Module.symvers, compiler, probes.
set -euo pipefail
# shellcheck source=packaging/dkms/shipped/lib.sh
source "$(dirname "$0")/lib.sh"

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
# WSLX_PROBE_CACHE: where answers are cached (the benchmark starts it empty).
probe_cache=${WSLX_PROBE_CACHE:-$WSLX_CACHE/probes}
mkdir -p "$out"
check_cross_compiler "$kdir"
mapfile -t cc_args < <(kbuild_cc_args "$kdir" 2>/dev/null)

# One awk over every probe file reads the header comments (a fork per probe
# would cost more than the cached answers themselves): name, macro, kind,
# symbol, tab-separated, one line per probe.
read_headers() {
	awk '
	function flush() {
		if (name != "") printf "%s\t%s\t%s\t%s\n", name, f["probe"], f["kind"], f["symbol"]
		delete f
	}
	FNR == 1 {
		flush()
		name = FILENAME
		sub(/.*\//, "", name)
		sub(/\.c$/, "", name)
		inhdr = 1
	}
	inhdr && /\*\// { inhdr = 0 }
	inhdr && /^ \* [a-z]+: / {
		key = $2
		sub(/:$/, "", key)
		if (!(key in f)) {
			val = $0
			sub(/^ \* [a-z]+: /, "", val)
			f[key] = val
		}
	}
	END { flush() }' "$@"
}

names=() macros=() kinds=() symbols=()
shopt -s nullglob
files=("$probes_dir"/*.c)
shopt -u nullglob
[[ ${#files[@]} -gt 0 ]] || die "$probes_dir: no probes"
while IFS=$'\t' read -r name macro kind symbol; do
	f=$probes_dir/$name.c
	[[ $name =~ ^[a-z0-9_]+$ ]] || die "$f: probe file names are lower case, digits and _"
	[[ $macro =~ ^[A-Z][A-Z0-9_]*$ ]] ||
		die "$f: header comment needs a line ' * probe: HAVE_SOMETHING' (got '${macro}')"
	case $kind in
	compile | canary-yes | canary-no) symbol= ;;
	symbol)
		[[ $symbol =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] ||
			die "$f: a symbol probe needs a line ' * symbol: NAME' (got '${symbol}')"
		;;
	*) die "$f: header comment line ' * kind:' must be compile, symbol, canary-yes or canary-no (got '${kind}')" ;;
	esac
	names+=("$name") macros+=("$macro") kinds+=("$kind") symbols+=("$symbol")
done < <(read_headers "${files[@]}")
for kind in canary-yes canary-no; do
	[[ " ${kinds[*]} " == *" $kind "* ]] || die "$probes_dir: no $kind probe (the canaries guard every answer)"
done

hash_of() { sha256sum | cut -c1-32; }
# The tree's path is part of the key: kbuild's command names it.
kernel_key=$({
	printf '%s\n' "$krel" "$kdir" "${cc_args[*]}"
	cat "$kdir/.config"
	cat "$kdir/.kernelvariables" 2>/dev/null || true
	"$(cross_prefix "$kdir")gcc" --version
} | hash_of)
key=$({
	printf '%s %s\n' "$kernel_key" "$isolated"
	cat "$kdir/Module.symvers" "$0" "$probes_dir"/*.c
} | hash_of)
cache=$probe_cache/$krel-$key.tsv
mkdir -p "$probe_cache"

# kbuild_compile SRC: compile SRC (in $work) through kbuild itself, with
# V=1 so that kbuild prints the exact compiler command, even when the
# compile fails. Prints the diagnostics and saves the command, with @SRC@
# and @OBJ@ for the file names, after a first line saying where it runs:
# "cwd=kdir" (kbuild up to 6.12 compiles from the kernel tree) or
# "cwd=module" (6.13 and later compile from the module's folder, with
# relative names). Later compiles for this kernel reuse it without paying
# for kbuild's own start-up again.
kbuild_compile() {
	local base log line prefix cwd
	base=$(basename "$1" .c)
	log=$out/kbuild.log
	printf 'ccflags-y := -Werror -Wno-missing-prototypes -Wno-missing-declarations\nobj-m := %s.o\n' \
		"$base" >"$work/Kbuild"
	# Not the caller's make flags: "make -s" would silence the V=1 echo.
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -C "$kdir" M="$work" V=1 "${cc_args[@]}" "$base.o" >"$log" 2>&1 || true
	line=$(grep -m 1 -- " -c -o .*$base\.c" "$log" | sed 's/^ *//' || true)
	[[ -n $line ]] ||
		die "probes: kbuild did not compile the probes for $krel: the toolchain or the headers in $kdir are broken (see $log)"
	if [[ $line == *" $work/$base.c"* ]]; then
		prefix=$work/ cwd=kdir
	else
		prefix='' cwd=module
	fi
	{
		printf 'cwd=%s\n' "$cwd"
		sed -e "s| ${prefix}$base\.c.*| @SRC@|" -e "s|-o ${prefix}$base\.o|-o @OBJ@|" \
			-e 's|-Wp,-MMD,[^ ]*||' <<<"$line"
	} >"$cmdcache.tmp"
	mv "$cmdcache.tmp" "$cmdcache"
	command=$(cat "$cmdcache")
	# The diagnostics, without kbuild's own lines.
	grep -v -e '^make' -e '^  *[^ ]*gcc' -e "^ *set -e" "$log" || true
}

# compile SRC: compile SRC with kbuild's command, where kbuild runs it (the
# command has paths relative to that folder): SRC.o on success, and the
# diagnostics in $work/diag. The first compile for a kernel goes through
# kbuild itself, which also yields the command. Runs in the caller's shell,
# so that the command it learns is kept.
compile() {
	local cmd dir=$kdir
	if [[ -z $command ]]; then
		kbuild_compile "$1" >"$work/diag"
		if [[ -f ${1%.c}.o ]]; then mv "${1%.c}.o" "$1.o"; fi
		return 0
	fi
	cmd=${command#*$'\n'}
	[[ ${command%%$'\n'*} == cwd=module ]] && dir=$(dirname "$1")
	cmd=${cmd//@SRC@/$1}
	cmd=${cmd//@OBJ@/$1.o}
	(cd "$dir" && eval "$cmd") >"$work/diag" 2>&1 || true
}

# emit_unit NAME...: one translation unit of the named probes. Each starts
# with a #line naming its own file, so that GCC blames errors on it, and
# its identifiers (all starting with wslx_probe) get a prefix of its own so
# that the probes can share the unit.
emit_unit() {
	local files=() name
	for name in "$@"; do files+=("$probes_dir/$name.c"); done
	awk 'FNR == 1 {
		name = FILENAME
		sub(/.*\//, "", name)
		sub(/\.c$/, "", name)
		printf "#line 1 \"%s\"\n", FILENAME
	}
	{ gsub(/wslx_probe/, "wslx_probe_" name "_"); print }' "${files[@]}"
}

# blame: read GCC's diagnostics, print the name of every probe that has an
# error, "?" for an error no probe can be blamed for, or "!NAME" for a
# fatal one. An error and the notes after it form a group, blamed on, in
# order of trust: the file the error is in, if a probe; else the probe
# where the macro it came from was expanded (the last "in expansion of
# macro" note in a probe: a header macro such as static_assert reports the
# header's own include chain, which names whichever probe included the
# header first); else the probe whose function it is in; else the probe at
# the bottom of the include chain.
blame() {
	awk -v dir="$probes_dir/" '
	function probe_of(path) {
		if (index(path, dir) != 1) return ""
		path = substr(path, length(dir) + 1)
		sub(/\.c$/, "", path)
		return path
	}
	function file_of(line) { return substr(line, 1, index(line, ":") - 1) }
	function flush() {
		if (!open) return
		p = err
		if (p == "") p = note
		if (p == "") p = func
		if (p == "") p = inc
		if (p == "") p = "?"
		print (fatal ? "!" : "") p
		open = 0
	}
	/^In file included from / || /^ +from / {
		flush()
		line = $0
		sub(/^(In file included from| +from) /, "", line)
		sub(/:[0-9]+[:,]$/, "", line)
		if (probe_of(line) != "") inc = probe_of(line)
		next
	}
	/: In function / { flush(); func = probe_of(file_of($0)); next }
	/: At top level:/ { flush(); func = ""; next }
	/: (fatal )?error: / || /: warning: / {
		flush()
		open = 1
		err = probe_of(file_of($0))
		note = ""
		fatal = ($0 ~ /fatal error: /)
		next
	}
	/: note: / { if (open && probe_of(file_of($0)) != "") note = probe_of(file_of($0)) }
	END { flush() }'
}

# Answers are cached with the compiler's log behind them: without the log
# (an entry from an older runner) they are asked again.
if [[ -f $cache && -f ${cache%.tsv}.log ]]; then
	info "probes: ${#names[@]} answers cached for $krel"
	# The compiler's words behind those answers come with them.
	cp "${cache%.tsv}.log" "$out/probes.log"
else
	t0=$SECONDS
	cpu0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
	answers=() seconds=() methods=()
	compile_idx=()
	# Symbol probes: one pass over Module.symvers answers all of them.
	declare -A exported=()
	while read -r sym; do
		exported[$sym]=1
	done < <(awk -F'\t' 'NR == FNR { want[$1] = 1; next } $2 in want { print $2 }' \
		<(printf '%s\n' "${symbols[@]}") "$kdir/Module.symvers")
	for i in "${!names[@]}"; do
		answers[i]=no seconds[i]=0 methods[i]=batch
		if [[ ${kinds[$i]} == symbol ]]; then
			methods[i]=symvers
			[[ -n ${exported[${symbols[$i]}]:-} ]] && answers[i]=yes
		else
			compile_idx+=("$i")
		fi
	done
	step "probes: $((${#names[@]} - ${#compile_idx[@]})) symbol and ${#compile_idx[@]} compile probes against $krel$([[ $isolated -eq 1 ]] && echo ' (isolated)')"
	cmdcache=$probe_cache/$krel-$kernel_key.cmd
	command=
	[[ -s $cmdcache ]] && command=$(cat "$cmdcache")
	work=$out/work
	rm -rf "$work"
	mkdir -p "$work"
	: >"$out/probes.log"

	isolate=()
	if [[ $isolated -eq 1 ]]; then
		isolate=("${compile_idx[@]}")
		# The command comes from kbuild compiling the compile canary.
		if [[ -z $command ]]; then
			emit_unit canary_compiles >"$work/canary_compiles.c"
			compile "$work/canary_compiles.c"
		fi
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
			pending_names=()
			for i in "${pending[@]}"; do pending_names+=("${names[$i]}"); done
			emit_unit "${pending_names[@]}" >"$work/batch.c"
			rm -f "$work/batch.c.o"
			tb=$(date +%s%N)
			compile "$work/batch.c"
			spent=$((spent + $(date +%s%N) - tb))
			diag=$(cat "$work/diag")
			cat "$work/diag" >>"$out/probes.log"
			if [[ -f $work/batch.c.o ]]; then
				for i in "${pending[@]}"; do answers[i]=yes; done
				break
			fi
			declare -A blamed=()
			while read -r who; do
				[[ -n $who ]] && blamed[${who#!}]=1
			done < <(blame <<<"$diag" | sort -u)
			next=()
			for i in "${pending[@]}"; do
				if [[ -n ${blamed[${names[$i]}]:-} ]]; then
					answers[i]=no
				else
					next+=("$i")
				fi
			done
			if [[ -n ${blamed['?']:-} || ${#next[@]} -eq ${#pending[@]} ]]; then
				# Errors no probe can be blamed for: settle one by one.
				isolate=("${next[@]}")
				break
			fi
			unset blamed
			pending=("${next[@]}")
		done
		for i in "${compile_idx[@]}"; do
			seconds[i]=$((spent / ${#compile_idx[@]}))
		done
	fi
	for i in "${isolate[@]}"; do
		emit_unit "${names[$i]}" >"$work/${names[$i]}.c"
		rm -f "$work/${names[$i]}.c.o"
		tb=$(date +%s%N)
		compile "$work/${names[$i]}.c"
		cat "$work/diag" >>"$out/probes.log"
		answers[i]=no
		[[ -f $work/${names[$i]}.c.o ]] && answers[i]=yes
		seconds[i]=$(($(date +%s%N) - tb))
		methods[i]=isolated
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
	cp "$out/probes.log" "${cache%.tsv}.log.tmp.$$"
	mv "${cache%.tsv}.log.tmp.$$" "${cache%.tsv}.log"
	mv "$tmp" "$cache"
	cpu=$(awk -v c0="$cpu0" '{ printf "%.2f", ($14 + $15 + $16 + $17 - c0) / 100 }' /proc/$$/stat)
	info "probes: done in $(elapsed "$t0") ($cpu CPU-s)"
fi

# module.mk's PROBE_PREFIX goes in front of every generated macro, so that
# the answers never collide with the module's own macros (compat/ tests the
# WSLX_P_ spelling, the same whatever the prefix). A module macro of the
# same name as a generated one is an error naming both.
prefix=$(identity_or PROBE_PREFIX '')
[[ -z $prefix || $prefix =~ ^[A-Z][A-Z0-9_]*_$ ]] ||
	die "module.mk: PROBE_PREFIX must be upper case, digits and _, ending in _ (got '$prefix')"
if [[ -d $WSLX_ROOT/src ]]; then
	cut -f2 "$cache" | sed "s/^/$prefix/" >"$out/generated.list"
	# All of grep's output is read (no early exit): pipefail must not see a SIGPIPE.
	clash=$(grep -rnoE --include='*.[ch]' '^[[:space:]]*#[[:space:]]*define[[:space:]]+[A-Za-z0-9_]+' "$WSLX_ROOT/src" |
		awk 'NR == FNR { gen[$1] = 1; next } $NF in gen && !found { found = $0 } END { print found }' \
			"$out/generated.list" - || true)
	if [[ -n $clash ]]; then
		macro=${clash##*[[:space:]]}
		where=${clash%:*}
		name=$(awk -F'\t' -v m="${macro#"$prefix"}" '$2 == m { print $1 }' "$cache")
		die "${where#"$WSLX_ROOT/"}: defines $macro, which probes/$name.c also generates: rename yours, or set PROBE_PREFIX in module.mk"
	fi
fi

printf 'probe\tmacro\tkind\tanswer\tseconds\tmethod\n' >"$out/probes.tsv"
cat "$cache" >>"$out/probes.tsv"
{
	printf '/* SPDX-License-Identifier: GPL-2.0-only */\n'
	printf '/* Generated by wslx'"'"'s probe runner for %s: do not edit. */\n' "$krel"
	# For the module: PREFIX+macro, defined when yes. For compat/ (the
	# framework's shims, the same whatever the prefix): WSLX_P_+macro, 1 or 0.
	while IFS=$'\t' read -r name macro kind answer _; do
		[[ $kind == compile || $kind == symbol ]] || continue
		if [[ $answer == yes ]]; then
			printf '#define %s%s 1\t/* probes/%s.c */\n' "$prefix" "$macro" "$name"
			printf '#define WSLX_P_%s 1\n' "$macro"
		else
			printf '/* #undef %s%s */\t/* probes/%s.c */\n' "$prefix" "$macro" "$name"
			printf '#define WSLX_P_%s 0\n' "$macro"
		fi
	done <"$cache"
} >"$out/autoconf_compat.h.tmp"
if cmp -s "$out/autoconf_compat.h.tmp" "$out/autoconf_compat.h"; then
	rm "$out/autoconf_compat.h.tmp"
else
	mv "$out/autoconf_compat.h.tmp" "$out/autoconf_compat.h"
fi
