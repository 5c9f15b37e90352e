#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make fix (issue 21): a module written for old kernels breaks on 6.12;
# each kernel API change behind the failure is one line naming the user's
# file and line, the identifier, its declaration in that kernel and the
# catalogue's probe; make smoke shows the same under the failed build step;
# the catalogue's migrations become a patch, and APPLY=1 applies it and
# proves it with make smoke on the lanes (or puts the file back); an error
# that is no API change is said to be not diagnosed, never given a wrong
# answer.
source "$(dirname "$0")/lib.sh"
lane=debian-6.12

clone=$TMP/old_api
single_file_module "$clone" "$TESTS_DIR/fixtures/old_api/old_api.c"

run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" fix LANE=$lane
want=(
	'^src/old_api.c:30: strlcpy() is not declared by this kernel .*; debian-5.10 (oldest supported): size_t strlcpy(char \*, const char \*, size_t); catalogue: HAVE_STRLCPY '
	'^src/old_api.c:31: class_create() got too many arguments: .*; this kernel: struct class \*class_create(const char \*name); debian-5.10 (oldest supported): #define class_create(owner, name); catalogue: HAVE_CLASS_CREATE_ONE_ARG (since 6.4: class_create() lost its owner argument)'
	'^src/old_api.c:34: proc_create() expects another type for argument 4; this kernel: .*const struct proc_ops \*proc_ops); debian-5.10 .*; catalogue: HAVE_PROC_OPS (since 5.6'
	'^3 findings, 3 known to the catalogue'
)
missing=()
for w in "${want[@]}"; do grep -q "$w" <<<"$OUT" || missing+=("$w"); done
if [[ $RC -ne 0 && ${#missing[@]} -eq 0 ]]; then
	pass "make fix LANE=$lane: strlcpy, class_create and proc_create named with 6.12's declarations (BTF, else headers) beside 5.10's and their catalogue probes"
else
	fail "make fix names the API changes" "exit $RC" "missing: ${missing[*]}" "$OUT"
fi

run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" smoke LANE=$lane
if [[ $RC -ne 0 ]] && grep -q '^not ok 3 build old_api.ko' <<<"$ERR" &&
	grep -q '^ *src/old_api.c:31: class_create() got too many arguments.*HAVE_CLASS_CREATE_ONE_ARG' <<<"$ERR" &&
	grep -q 'class_create() got too many arguments' "$clone/build/lanes/$lane/latest/record.json"; then
	pass "make smoke shows the findings under the failed build step, and its record keeps them"
else
	fail "make smoke shows the findings" "exit $RC" "$(grep -A4 '^not ok 3' <<<"$ERR")"
fi

# CHECK=1: before any build, every use of an API the lanes disagree on.
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" fix CHECK=1
if [[ $RC -ne 0 ]] && grep -q '^src/old_api.c:30: strlcpy: HAVE_STRLCPY differs across the lanes (5.10=yes 6.1=yes 6.12=no 7.2=no); compat/fixes/sym_strlcpy.cocci: ' <<<"$OUT" &&
	grep -q '^src/old_api.c:31: class_create: HAVE_CLASS_CREATE_ONE_ARG differs across the lanes (5.10=no 6.1=no 6.12=yes 7.2=yes)' <<<"$OUT" &&
	grep -q '2 uses of an API that differs across kernel lines 5.10 6.1 6.12 7.2$' <<<"$ERR"; then
	pass "make fix CHECK=1 lists the uses of APIs the lanes disagree on (strlcpy, class_create) without building"
else
	fail "make fix CHECK=1 lists the uses" "exit $RC" "$OUT" "$(tail -n 2 <<<"$ERR")"
fi
run_capture make -s -C "$WSLX_ROOT" fix CHECK=1
if [[ $RC -eq 0 ]] && grep -q '0 uses of an API that differs across kernel lines .*: nothing to fix$' <<<"$ERR"; then
	pass "make fix CHECK=1 on the example module: nothing to fix (it spells every such API through compat.h)"
else
	fail "make fix CHECK=1 on the example" "exit $RC" "$OUT" "$ERR"
fi

# The proposal: the catalogue's migrations (compat/fixes/*.cocci) as a patch.
patch=$clone/build/fix/$lane/fix.patch
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" fix LANE=$lane
if [[ $RC -ne 0 ]] && [[ $(grep -c '^fix: src/old_api.c:' <<<"$OUT") -eq 3 ]] &&
	grep -q "^proposal: $patch (1 file: src/old_api.c)" <<<"$OUT" &&
	grep -q '^+	old_api_class = wslx_class_create(old_api_name);$' "$patch" &&
	grep -q '^+	strscpy(old_api_name, "old_api", sizeof(old_api_name));$' "$patch" &&
	grep -q '^+static const struct proc_ops old_api_fops = {$' "$patch" &&
	grep -q '^+	.proc_read = old_api_read,$' "$patch" && grep -q '^-	.owner = THIS_MODULE,$' "$patch" &&
	grep -q '^+#include "compat.h"$' "$patch" && cmp -s "$clone/src/old_api.c" "$TESTS_DIR/fixtures/old_api/old_api.c"; then
	pass "make fix writes the catalogue's migrations as fix.patch (wslx_class_create, strscpy, proc_ops, the compat.h include) and leaves the tree alone"
else
	fail "make fix proposes a patch" "exit $RC" "$(grep -E '^(fix|left|proposal)' <<<"$OUT")" "$(head -n 40 "$patch" 2>/dev/null)"
fi

# A proposal that does not fix everything: strlcpy's result is used, which
# the migration leaves alone; APPLY=1 finds 6.12 still failing and puts the
# user's file back, byte for byte.
sed -i 's/^\tstrlcpy(old_api_name, "old_api", sizeof(old_api_name));/\tif (strlcpy(old_api_name, "old_api", sizeof(old_api_name)) >= sizeof(old_api_name))\n\t\treturn -E2BIG;/' "$clone/src/old_api.c"
before=$(sha256sum <"$clone/src/old_api.c")
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" fix LANE=$lane APPLY=1
if [[ $RC -ne 0 ]] && grep -q '^left: src/old_api.c:30: strlcpy: sym_strlcpy.cocci does not match this use' <<<"$OUT" &&
	grep -q "^unverified: $lane still fails: build old_api.ko: .*strlcpy" <<<"$OUT" &&
	grep -q '^the tree is as it was' <<<"$OUT" && [[ $(sha256sum <"$clone/src/old_api.c") == "$before" ]]; then
	pass "APPLY=1 with a use the migration leaves: unverified on $lane, naming what still fails, the tree as it was"
else
	fail "an unverified proposal is named and undone" "exit $RC" "$(grep -E '^(fix|left|proposal|unverified|verified|the tree)' <<<"$OUT")" "$(tail -n 3 <<<"$ERR")"
fi

# APPLY=1 on the whole break: verified on 6.12 and on 5.10 (LANES=), kept.
cp "$TESTS_DIR/fixtures/old_api/old_api.c" "$clone/src/old_api.c"
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" fix LANE=$lane APPLY=1 LANES="debian-5.10 $lane"
if [[ $RC -eq 0 ]] && grep -q "^verified: the proposal builds, verifies and passes make smoke on $lane debian-5.10; the tree keeps it (src/old_api.c), not committed" <<<"$OUT" &&
	grep -q 'wslx_class_create(old_api_name)' "$clone/src/old_api.c" &&
	grep -q '"verdict": "PASS"' "$clone/build/lanes/$lane/latest/record.json" &&
	grep -q '"verdict": "PASS"' "$clone/build/lanes/debian-5.10/latest/record.json" &&
	cmp -s "$clone/build/fix/$lane/originals/src/old_api.c" "$TESTS_DIR/fixtures/old_api/old_api.c"; then
	pass "APPLY=1: the proposal is verified by make smoke on $lane and debian-5.10, kept in the tree, the original saved"
else
	fail "APPLY=1 verifies the proposal" "exit $RC" "$(grep -E '^(fix|left|unverified|verified)' <<<"$OUT")" "$(tail -n 5 <<<"$ERR")"
fi
expect_error "APPLY=1 without LANE= is one line" "APPLY=1 needs LANE=" \
	env WSLX_BUILD="$clone/build" make -s -C "$clone" fix APPLY=1 KDIR=/nonexistent

# A change the catalogue does not know: <asm/unaligned.h> moved in 6.12. A
# new probe in the catalogue's format, answered on 6.12 and on another
# kernel line by the probe runner, is proposed because the answers differ.
ua=$TMP/asm_unaligned
single_file_module "$ua" "$TESTS_DIR/fixtures/api_breaks/asm_unaligned.c"
run_capture env WSLX_BUILD="$ua/build" make -s -C "$ua" fix LANE=$lane
patch=$ua/build/fix/$lane/fix.patch
if [[ $RC -ne 0 ]] && grep -q "new probe HAVE_LINUX_UNALIGNED_H: 6.12[^=]*=yes, 5.10[^=]*(debian-5.10)=no" <<<"$ERR" &&
	grep -q '^fix: src/asm_unaligned.c:5: asm/unaligned.h: .*(HAVE_LINUX_UNALIGNED_H; probes/linux_unaligned_h.c' <<<"$OUT" &&
	grep -q '^+++ b/probes/linux_unaligned_h.c$' "$patch" && grep -q '^+ \* expect: 5.10=no 6.12=yes$' "$patch" &&
	grep -q '^+#ifdef HAVE_LINUX_UNALIGNED_H$' "$patch" && [[ ! -e $ua/probes/linux_unaligned_h.c ]]; then
	pass "a moved header the catalogue lacks: a new probe answered on 6.12 (yes) and 5.10 (no), the include chosen on its macro"
else
	fail "a new probe for a moved header" "exit $RC" "$(grep -E 'new probe|^(fix|left|proposal)' <<<"$OUT$ERR")" "$(cat "$patch" 2>/dev/null)"
fi

# A rename the catalogue does not know, found by its shape in the kernels'
# BTF: get_acl() (5.10) is get_inode_acl() on 6.12, exported, same prototype.
acl=$TMP/acl_peek
single_file_module "$acl" "$TESTS_DIR/fixtures/renamed/acl_peek.c"
run_capture env WSLX_BUILD="$acl/build" make -s -C "$acl" fix LANE=$lane
if [[ $RC -ne 0 ]] && grep -q '^src/acl_peek.c:[0-9]*: get_acl() is not declared by this kernel (removed or renamed); debian-5.10 (oldest supported): struct posix_acl \*get_acl(struct inode \*inode, int type); perhaps renamed: get_inode_acl() (new, exported, the same prototype); no catalogue probe is about it$' <<<"$OUT"; then
	pass "a function renamed between 5.10 and 6.12 (get_acl -> get_inode_acl) is named from the two kernels' BTF"
else
	fail "a rename is found by its shape" "exit $RC" "$(grep 'get_acl' <<<"$OUT$ERR")"
fi
# Its fix: a new symbol probe, answered no on 5.10 and yes on 6.12, and the
# old name standing for the new one on its macro; proven on both lanes.
run_capture env WSLX_BUILD="$acl/build" make -s -C "$acl" fix LANE=$lane APPLY=1 LANES=debian-5.10
if [[ $RC -eq 0 ]] && grep -q '^verified: .* on debian-6.12 debian-5.10; the tree keeps it (probes/sym_get_inode_acl.c src/acl_peek.c)' <<<"$OUT" &&
	grep -q '^ \* expect: 5.10=no 6.12=yes$' "$acl/probes/sym_get_inode_acl.c" &&
	grep -q '^ \* symbol: get_inode_acl$' "$acl/probes/sym_get_inode_acl.c" &&
	grep -Pzq '#ifdef HAVE_GET_INODE_ACL\n#define get_acl get_inode_acl\n#endif' "$acl/src/acl_peek.c"; then
	pass "the rename's fix: a new symbol probe (5.10=no 6.12=yes) and get_acl standing for get_inode_acl on its macro, verified by make smoke on 6.12 and 5.10"
else
	fail "a rename gets a probe and a fix" "exit $RC" "$(grep -E '^(fix|verified|unverified|left)' <<<"$OUT")" "$(tail -n 3 <<<"$ERR")"
fi

# A changed prototype the catalogue does not know: both declarations from
# BTF, and a new compile probe on the type 6.12's BTF gives, answered no on
# 5.10 and yes on 6.12; the call is left to the user, keyed on its macro.
irq=$TMP/irq_flags_peek
single_file_module "$irq" "$TESTS_DIR/fixtures/changed/irq_flags_peek.c"
run_capture env WSLX_BUILD="$irq/build" make -s -C "$irq" fix LANE=$lane
probe=$irq/build/fix/$lane/fix.patch
if [[ $RC -ne 0 ]] && grep -q '^src/irq_flags_peek.c:[0-9]*: acpi_dev_irq_flags() got too few arguments: .*; this kernel: unsigned long acpi_dev_irq_flags(u8 triggering, u8 polarity, u8 shareable, u8 wake_capable); debian-5.10 (oldest supported): unsigned long acpi_dev_irq_flags(u8 triggering, u8 polarity, u8 shareable); no catalogue probe is about it$' <<<"$OUT" &&
	grep -q '^left: src/irq_flags_peek.c:[0-9]*: acpi_dev_irq_flags: a new probe names the change: HAVE_ACPI_DEV_IRQ_FLAGS_TYPE (probes/acpi_dev_irq_flags_type.c: 5.10=no 6.12=yes); key your call on it$' <<<"$OUT" &&
	grep -qF '    unsigned long (*)(u8, u8, u8, u8)),' "$probe" && [[ ! -e $irq/probes/acpi_dev_irq_flags_type.c ]]; then
	pass "a prototype changed between 5.10 and 6.12 (acpi_dev_irq_flags): both declarations, and a new probe on 6.12's type answered no on 5.10 and yes on 6.12"
else
	fail "a changed prototype gets a probe" "exit $RC" "$(grep -E 'acpi_dev_irq_flags|^proposal' <<<"$OUT$ERR")" "$(cat "$probe" 2>/dev/null)"
fi

# The module's own mistake: not an API change, and said so.
cp "$TESTS_DIR/fixtures/old_api/old_api.c" "$clone/src/old_api.c"
printf 'static int broken(void) { return }\n' >>"$clone/src/old_api.c"
sed -i -e 's/strlcpy(old_api_name/strscpy(old_api_name/' -e 's/class_create(THIS_MODULE, /class_create(/' \
	-e 's/struct file_operations old_api_fops/struct proc_ops old_api_fops/' -e '/\.owner = THIS_MODULE,/d' \
	-e 's/\.read = old_api_read/.proc_read = old_api_read/' "$clone/src/old_api.c"
run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" fix LANE=$lane
if [[ $RC -ne 0 ]] && grep -q '^not diagnosed: no kernel API change wslx can read in the log (the first error is: .*old_api.c:[0-9]*:[0-9]*: error: expected expression' <<<"$OUT"; then
	pass "a syntax error of the module's own is 'not diagnosed', with its first error"
else
	fail "a non-API error is not diagnosed" "exit $RC" "$OUT" "$(tail -n 3 <<<"$ERR")"
fi
