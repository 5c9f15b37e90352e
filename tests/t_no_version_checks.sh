#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# src/ and compat/ choose kernel APIs by probe answers (HAVE_*), never by
# version: no LINUX_VERSION_CODE or KERNEL_VERSION() anywhere in them. And
# every HAVE_* that compat.h tests is defined by some probe, so a typo
# cannot silently select a fallback.
source "$(dirname "$0")/lib.sh"

cd "$WSLX_ROOT" || exit 1
hits=$(grep -rnE 'LINUX_VERSION_CODE|KERNEL_VERSION|linux/version\.h' src compat || true)
if [[ -z $hits ]]; then
	pass "no version checks in src/ or compat/"
else
	fail "no version checks in src/ or compat/" "$hits"
fi

# compat/ tests WSLX_P_HAVE_*; src/ may test the generated HAVE_* and may
# define HAVE_* macros of its own, which are not a probe's.
used=$(grep -rohE '\b(WSLX_P_)?HAVE_[A-Z0-9_]+' src compat | sed 's/^WSLX_P_//' | sort -u)
own=$( (grep -rhoE '^[[:space:]]*#[[:space:]]*define[[:space:]]+HAVE_[A-Z0-9_]+' src || true) | awk '{ print $NF }' | sort -u)
used=$(comm -23 <(printf '%s\n' "$used") <(printf '%s\n' "$own"))
defined=$(sed -n 's/^ \* probe: //p' probes/*.c | sort -u)
unknown=$(comm -23 <(printf '%s\n' "$used") <(printf '%s\n' "$defined"))
if [[ -n $used && -z $unknown ]]; then
	pass "every HAVE_* that src/ and compat/ test ($(wc -w <<<"$used")) comes from a probe"
else
	fail "every HAVE_* that src/ and compat/ test comes from a probe" "not defined by any probe: $unknown"
fi
