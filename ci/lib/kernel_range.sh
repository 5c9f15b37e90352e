# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# kernel_range_regex: the releases of module.mk's KERNEL_MIN..KERNEL_MAX as
# one extended regex, for DKMS's BUILD_EXCLUSIVE_KERNEL (the range check
# itself, check_kernel_range, is in packaging/dkms/shipped/lib.sh).

# digits_ge N / digits_le N: an extended regex of the numbers >= N (or
# <= N), for N below 100.
digits_ge() {
	local n=$1 t=$(($1 / 10)) u=$(($1 % 10))
	if ((n < 10)); then
		printf '[%d-9]|[1-9][0-9]' "$n"
	elif ((t < 9)); then
		printf '%d[%d-9]|[%d-9][0-9]' "$t" "$u" "$((t + 1))"
	else
		printf '9[%d-9]' "$u"
	fi
}
digits_le() {
	local n=$1 t=$(($1 / 10)) u=$(($1 % 10))
	if ((n < 10)); then
		printf '[0-%d]' "$n"
	elif ((t == 1)); then
		printf '[0-9]|1[0-%d]' "$u"
	else
		printf '[0-9]|[1-%d][0-9]|%d[0-%d]' "$((t - 1))" "$t" "$u"
	fi
}

# kernel_range_regex MIN MAX: an extended regex matching the kernel
# releases of MIN..MAX (major.minor, inclusive), for DKMS's
# BUILD_EXCLUSIVE_KERNEL where DKMS has no MIN/MAX of its own.
kernel_range_regex() {
	local min_major=${1%%.*} min_minor=${1#*.} max_major=${2%%.*} max_minor=${2#*.} m alts=()
	if ((min_major == max_major)); then
		alts+=("$min_major\\.($(seq -s '|' "$min_minor" "$max_minor"))")
	else
		alts+=("$min_major\\.($(digits_ge "$min_minor"))")
		for ((m = min_major + 1; m < max_major; m++)); do
			alts+=("$m\\.[0-9]+")
		done
		alts+=("$max_major\\.($(digits_le "$max_minor"))")
	fi
	local IFS='|'
	printf '^(%s)([^0-9]|$)\n' "${alts[*]}"
}
