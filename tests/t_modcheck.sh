#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# modcheck on real modules built in this run and on real Debian modules,
# under ASan and UBSan: info, verify (right and wrong kernel, the computed
# vermagic against the kernel's own modules), usage errors, and files that
# are not modules, truncated or corrupt.
source "$(dirname "$0")/lib.sh"

mc=$(modcheck_asan)
export ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# sanitizer_clean: the last run printed no sanitizer report.
sanitizer_clean() {
	! grep -q -E 'Sanitizer|runtime error' <<<"$ERR"
}

lane_ko debian-6.1
ko61=$KO kdir61=$KDIR mods61=$MODULES_DIR
lane_ko debian-6.12
ko612=$KO kdir612=$KDIR mods612=$MODULES_DIR

run_capture "$mc" info "$ko61"
if [[ $RC -eq 0 ]] && grep -q '^name  *wslx_ring$' <<<"$OUT" &&
	grep -q '^license  *GPL$' <<<"$OUT" && grep -q '^signature  *none$' <<<"$OUT" &&
	grep -q '^vermagic  *6\.1\.' <<<"$OUT" && sanitizer_clean; then
	pass "info shows name, licence, vermagic and no signature"
else
	fail "info shows name, licence, vermagic and no signature" "$OUT" "$ERR"
fi

for pair in "6.1:$ko61:$kdir61" "6.12:$ko612:$kdir612"; do
	IFS=: read -r line ko kdir <<<"$pair"
	run_capture "$mc" verify --ktap --kdir "$kdir" "$ko"
	if [[ $RC -eq 0 ]] && grep -q '^ok [0-9]* vermagic' <<<"$OUT" && sanitizer_clean; then
		pass "verify accepts the $line build for the $line kernel"
	else
		fail "verify accepts the $line build for the $line kernel" "$OUT" "$ERR"
	fi
done

# The vermagic computed from .config must equal what the kernel's own build
# put into its modules: verify a module Debian shipped with each image.
for pair in "6.1:$kdir61:$mods61" "6.12:$kdir612:$mods612"; do
	IFS=: read -r line kdir mods <<<"$pair"
	shipped=$(find "$mods/kernel/fs" -name "*.ko*" | sort | sed -n 1p)
	run_capture "$mc" verify --kdir "$kdir" "$shipped"
	if [[ $RC -eq 0 ]] && sanitizer_clean; then
		pass "computed $line vermagic equals the one in Debian's $(basename "$shipped")"
	else
		fail "computed $line vermagic equals the one in Debian's $(basename "$shipped")" "$OUT" "$ERR"
	fi
done

# Compressed modules are read as the kernel's loader reads them.
srcver=$("$mc" info "$ko61" | sed -n 's/^srcversion  *//p')
for z in "xz:xz -c" "zstd:zstd -q -c" "gzip:gzip -c"; do
	kind=${z%%:*}
	${z#*:} "$ko61" >"$TMP/m.ko.$kind"
	run_capture "$mc" verify --kdir "$kdir61" "$TMP/m.ko.$kind"
	info=$("$mc" info "$TMP/m.ko.$kind" 2>&1 || true)
	if [[ $RC -eq 0 ]] && grep -q "^compression  *$kind$" <<<"$info" &&
		grep -q "^srcversion  *$srcver$" <<<"$info" && sanitizer_clean; then
		pass "$kind-compressed module: read, identified and verified"
	else
		fail "$kind-compressed module: read, identified and verified" "exit $RC" "$ERR" "$info"
	fi
done
head -c 3000 "$TMP/m.ko.xz" >"$TMP/cut.ko.xz"
read_case_later=("$TMP/cut.ko.xz")

# Wrong kernel: refused before any load, naming both vermagics on one line.
for pair in "6.1:$ko61:6.12:$kdir612" "6.12:$ko612:6.1:$kdir61"; do
	IFS=: read -r from ko to kdir <<<"$pair"
	run_capture "$mc" verify --kdir "$kdir" "$ko"
	modmagic=$("$mc" info "$ko" | sed -n 's/^vermagic  *//p')
	if [[ $RC -eq 1 && $(wc -l <<<"$ERR") -eq 1 ]] &&
		grep -qF "\"$modmagic\"" <<<"$ERR" &&
		grep -q "kernel vermagic \"$to\." <<<"$ERR" && sanitizer_clean; then
		pass "verify rejects the $from build for $to, naming both vermagics"
	else
		fail "verify rejects the $from build for $to, naming both vermagics" "exit $RC" "$ERR"
	fi
done

# modcheck knows nothing of wslx's folders (the harness passes --kdir):
# --lane is gone. The running kernel (whose headers this host may not
# have: a clear error, exit 3).
run_capture "$mc" verify --lane debian-6.12 "$ko612"
if [[ $RC -eq 2 ]] && grep -q "unknown option or missing value in '--lane'" <<<"$ERR"; then
	pass "verify --lane is refused: modcheck takes --kdir, not the harness's layout"
else
	fail "verify --lane is refused" "exit $RC" "$OUT" "$ERR"
fi
big=$TMP/sparse.ko
truncate -s 2G "$big"
run_capture "$mc" info "$big"
if [[ $RC -eq 3 ]] && grep -q "^modcheck: $big: 2147483648 bytes, more than the 512 MiB modcheck reads of a module$" <<<"$ERR"; then
	pass "a 2 GB (sparse) file is refused with one line, before it is read"
else
	fail "a 2 GB file is refused before it is read" "exit $RC" "$ERR"
fi
rm -f "$big"
if [[ ! -d /lib/modules/$(uname -r)/build ]]; then
	run_capture "$mc" verify --running "$ko612"
	if [[ $RC -eq 3 && $(wc -l <<<"$ERR") -eq 1 ]] && grep -q "running kernel $(uname -r)" <<<"$ERR"; then
		pass "verify --running without the running kernel's headers: one clear line"
	else
		fail "verify --running without the running kernel's headers: one clear line" "exit $RC" "$ERR"
	fi
else
	skip "verify --running without the running kernel's headers" "this host has them"
fi

# --json: one document a program can read, with the same verdicts.
run_capture "$mc" verify --json --kdir "$kdir612" "$ko61"
if [[ $RC -eq 1 ]] && python3 -c '
import json, sys
d = json.load(sys.stdin)
by = {r["name"]: r for r in d["results"]}
assert d["command"] == "verify" and d["passed"] is False
assert by["vermagic"]["status"] == "fail" and by["architecture"]["status"] == "ok"
assert "CRC" in by["modversions"]["detail"]
' <<<"$OUT" && sanitizer_clean; then
	pass "verify --json: a JSON document with the same verdicts"
else
	fail "verify --json: a JSON document with the same verdicts" "exit $RC" "$OUT" "$ERR"
fi

# Usage errors: exit 2 with one line.
usage_case() {
	local what=$1
	shift
	run_capture "$mc" "$@"
	if [[ $RC -eq 2 && $(wc -l <<<"$ERR") -eq 1 && $ERR == modcheck* ]]; then
		pass "usage error: $what"
	else
		fail "usage error: $what" "exit $RC" "$ERR"
	fi
}
usage_case "no command"
usage_case "unknown command" frobnicate "$ko61"
usage_case "verify without --kdir" verify "$ko61"
usage_case "two module files" info "$ko61" "$ko612"
usage_case "unknown option" info --bogus "$ko61"
usage_case "--ktap with --json" verify --ktap --json --kdir "$kdir61" "$ko61"
usage_case "two targets" verify --kdir "$kdir61" --running "$ko61"

# Unreadable input: exit 3 with one line naming the file.
read_case() {
	local what=$1 file=$2 pattern=$3
	shift 3
	run_capture "$mc" "${@:-info}" "$file"
	if [[ $RC -eq 3 && $(wc -l <<<"$ERR") -eq 1 ]] && grep -qF "$file" <<<"$ERR" &&
		grep -q -- "$pattern" <<<"$ERR" && sanitizer_clean; then
		pass "bad input: $what"
	else
		fail "bad input: $what" "exit $RC" "$ERR"
	fi
}
: >"$TMP/empty.ko"
printf 'not a module\n' >"$TMP/text.ko"
head -c 700 "$ko61" >"$TMP/truncated.ko"
printf 'int f(void) { return 1; }\n' >"$TMP/plain.c"
gcc -c -o "$TMP/plain.o" "$TMP/plain.c"
read_case "missing file" "$TMP/nope.ko" "No such file"
read_case "directory" "$TMP" "not a regular file"
read_case "empty file" "$TMP/empty.ko" "not an ELF file (empty)"
read_case "text file" "$TMP/text.ko" "not an ELF file"
read_case "truncated module" "$TMP/truncated.ko" "truncated?"
read_case "object that is not a module" "$TMP/plain.o" "no .modinfo"
read_case "executable, not relocatable" /bin/true "ELF type"
read_case "truncated xz module" "${read_case_later[0]}" "corrupt or truncated xz data"
run_capture "$mc" verify --kdir "$TMP" "$ko61"
if [[ $RC -eq 3 && $(wc -l <<<"$ERR") -eq 1 ]] && grep -q "kernel tree $TMP" <<<"$ERR"; then
	pass "bad input: --kdir that is not a kernel tree"
else
	fail "bad input: --kdir that is not a kernel tree" "exit $RC" "$ERR"
fi

# Inputs the fuzzer once crashed modcheck with (tests/fuzz/regressions/).
for f in "$WSLX_ROOT"/tests/fuzz/regressions/*.ko; do
	run_capture "$mc" info "$f"
	if [[ $RC -le 3 ]] && sanitizer_clean; then
		pass "former fuzzer crash $(basename "$f"): a clean verdict (exit $RC)"
	else
		fail "former fuzzer crash $(basename "$f")" "exit $RC" "$(head -n 5 <<<"$ERR")"
	fi
done

# Cut and corrupted copies of a real module: every one must end in a
# clean verdict (0, 1 or 3), never a crash or a sanitizer report.
size=$(stat -c %s "$ko61")
bad=0 n=0
for cut in 1 16 63 64 65 500 4096 $((size / 2)) $((size - 1)); do
	head -c "$cut" "$ko61" >"$TMP/cut.ko"
	run_capture "$mc" info "$TMP/cut.ko"
	n=$((n + 1))
	{ [[ $RC -eq 0 || $RC -eq 3 ]] && sanitizer_clean; } || { bad=$((bad + 1)); echo "# cut at $cut: exit $RC: $ERR"; }
done
for seed in $(seq 1 40); do
	cp "$ko61" "$TMP/flip.ko"
	# Overwrite 8 bytes at a seeded offset in the ELF header or tables.
	off=$(((seed * 7919) % (size < 8192 ? size : 8192)))
	printf '\xff\xff\xff\x7f\x00\x00\x00\x80' | dd of="$TMP/flip.ko" bs=1 seek="$off" conv=notrunc status=none
	for cmd in info "verify --kdir $kdir61"; do
		# shellcheck disable=SC2086 # cmd is two words for verify
		run_capture "$mc" $cmd "$TMP/flip.ko"
		n=$((n + 1))
		{ [[ $RC -le 3 ]] && sanitizer_clean; } || { bad=$((bad + 1)); echo "# flip at $off ($cmd): exit $RC: $(head -n 3 <<<"$ERR")"; }
	done
done
if [[ $bad -eq 0 ]]; then
	pass "$n cut or corrupted modules: clean verdicts, no crash, no sanitizer report"
else
	fail "$n cut or corrupted modules: clean verdicts, no crash, no sanitizer report" "$bad bad runs"
fi

# The guest's modcheck: one static binary (libkmod built from Debian's kmod
# source), so the guest's initramfs carries no shared library.
guest_mc=$("$WSLX_ROOT/tools/wslx-cli" modcheck --guest 2>/dev/null)
if [[ -x $guest_mc ]] && file "$guest_mc" | grep -q 'statically linked' &&
	[[ $("$guest_mc" --version) == "$("$(modcheck_bin)" --version)" ]]; then
	pass "the guest's modcheck is statically linked ($(stat -c %s "$guest_mc") bytes) and the same version"
else
	fail "the guest's modcheck is statically linked" "$guest_mc" "$(file "$guest_mc" 2>&1)"
fi
# The base archive is made by a boot (a trivial plan, where no earlier test booted).
use_lane debian-6.1
guest "true" --timeout 60
base=$(find "$WSLX_BUILD/guest" -name 'base-*.cpio' 2>/dev/null | head -n 1)
# The listing is taken whole first: a grep -q stopping early would end cpio
# with SIGPIPE, and under pipefail the negation would then pass wrongly.
listing=$(cpio -t --quiet <"${base:-/dev/null}" 2>&1 || true)
if [[ -n $base && -n $listing ]] && ! grep -qE '(^|/)lib[^/]*/.*\.so' <<<"$listing"; then
	pass "the guest's base archive holds no shared library ($(stat -c %s "$base") bytes)"
else
	fail "the guest's base archive holds no shared library" "${base:-no base archive}" "$(grep '\.so' <<<"$listing" | head -n 3)"
fi
