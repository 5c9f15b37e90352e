# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Is a kernel release inside module.mk's KERNEL_MIN..KERNEL_MAX?

# version_code "6.12.3-foo": 6*65536 + 12*256 (the patch level does not count).
version_code() {
	local major minor
	IFS=. read -r major minor _ <<<"${1%%[-+]*}"
	[[ $major =~ ^[0-9]+$ && $minor =~ ^[0-9]+$ ]] || return 1
	printf '%d\n' "$((major * 65536 + minor * 256))"
}

# check_kernel_range KREL: exits with a one-line error outside the range.
check_kernel_range() {
	local krel=$1 min max code
	min=$(identity KERNEL_MIN)
	max=$(identity KERNEL_MAX)
	code=$(version_code "$krel") || die "kernel release '$krel' is not of the form MAJOR.MINOR..."
	if ((code < $(version_code "$min") || code > $(version_code "$max"))); then
		die "kernel $krel is outside the supported range $min..$max (module.mk)"
	fi
}

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
