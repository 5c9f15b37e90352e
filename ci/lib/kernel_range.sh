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
