# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# fill_template FILE [NAME=VALUE]...: FILE with every @KEY@ of module.mk
# (@MODULE_NAME@, @MODULE_VERSION@, @MODULE_SUMMARY@, @MODULE_MAINTAINER@,
# @KERNEL_MIN@, @KERNEL_MAX@) and every NAME given replaced, on stdout:
# how the packaging files get the module's identity without repeating it.
# @DEB_NAME@ is the module name as Debian spells packages (no "_").
fill_template() {
	local text key pair
	text=$(<"$1")
	shift
	for key in MODULE_NAME MODULE_VERSION MODULE_SUMMARY MODULE_MAINTAINER KERNEL_MIN KERNEL_MAX; do
		text=${text//@$key@/"$(identity "$key")"}
	done
	text=${text//@DEB_NAME@/"$(identity MODULE_NAME | tr '_' '-')"}
	for pair in "$@"; do
		text=${text//@${pair%%=*}@/"${pair#*=}"}
	done
	[[ $text != *@[A-Z_]*@* ]] || die "$1: a @KEY@ is left unfilled: $(grep -o '@[A-Z_]*@' <<<"$text" | head -n 1)"
	printf '%s\n' "$text"
}
