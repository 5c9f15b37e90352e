#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make fix (issue 21, the diagnosis): a module written for old kernels
# breaks on 6.12; each kernel API change behind the failure is one line
# naming the user's file and line, the identifier, its declaration in that
# kernel and the catalogue's probe; make smoke shows the same under the
# failed build step; an error that is no API change is said to be not
# diagnosed, never given a wrong answer.
source "$(dirname "$0")/lib.sh"
lane=debian-6.12

clone=$TMP/old_api
mkdir -p "$clone"
tar -C "$WSLX_ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$clone" -xf -
rm -rf "$clone/src" "$clone/tests/kselftest" "$clone/tests/guest" "$clone/tests/faults.ini"
mkdir -p "$clone/src"
cp "$TESTS_DIR/fixtures/old_api/old_api.c" "$clone/src/"
sed -i -e 's/^MODULE_NAME := .*/MODULE_NAME := old_api/' -e 's/^MODULE_KCONFIG := .*/MODULE_KCONFIG := OLD_API/' \
	-e 's|^MODULE_SOURCES := .*|MODULE_SOURCES := src/old_api.c|' "$clone/module.mk"
printf 'config OLD_API\n\ttristate "old_api"\n' >"$clone/Kconfig"

run_capture env WSLX_BUILD="$clone/build" make -s -C "$clone" fix LANE=$lane
want=(
	'^src/old_api.c:30: strlcpy() is not declared by this kernel .*; catalogue: HAVE_STRLCPY '
	'^src/old_api.c:31: class_create() got too many arguments: .*; this kernel: struct class \* __must_check class_create(const char \*name); catalogue: HAVE_CLASS_CREATE_ONE_ARG (since 6.4: class_create() lost its owner argument)'
	'^src/old_api.c:34: proc_create() expects another type for argument 4; this kernel: .*const struct proc_ops \*proc_ops); catalogue: HAVE_PROC_OPS (since 5.6'
	'^3 findings, 3 known to the catalogue'
)
missing=()
for w in "${want[@]}"; do grep -q "$w" <<<"$OUT" || missing+=("$w"); done
if [[ $RC -ne 0 && ${#missing[@]} -eq 0 ]]; then
	pass "make fix LANE=$lane: strlcpy, class_create and proc_create named with 6.12's declarations and their catalogue probes"
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

# The module's own mistake: not an API change, and said so.
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
