# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# extmod_tree SRC OUT DEST: the part of a kernel build that "make -C DEST
# M=<dir> modules" needs, as one relocatable folder (what Debian ships as
# linux-headers): the kbuild files and headers of the source tree, with
# the configuration, generated headers, Module.symvers and the host tools
# (fixdep, modpost, genksyms, objtool) of the build folder on top. No
# absolute path into the build machine is left in it.
extmod_tree() {
	local src=$1 out=$2 dest=$3 f
	rm -rf "$dest"
	mkdir -p "$dest"
	# Every Makefile, Kbuild and Kconfig file (kbuild reads arch/x86's and
	# some subsystems' ones), then headers and scripts in full.
	(cd "$src" && find . -path ./drivers/misc/"$(identity MODULE_NAME)" -prune -o \
		\( -name 'Makefile*' -o -name 'Kbuild*' -o -name 'Kconfig*' \) -type f -print |
		cpio -pdm --quiet "$dest")
	(cd "$src" && cp -a --parents include scripts arch/x86/include "$dest/")
	[[ -d $src/arch/x86/entry/syscalls ]] && (cd "$src" && cp -a --parents arch/x86/entry/syscalls "$dest/")
	# The build's own results. The O= build's top Makefile only points at
	# the source tree; the source tree's Makefile is the real one.
	for f in .config Module.symvers System.map include/config include/generated \
		arch/x86/include/generated scripts tools/objtool/objtool tools/bpf/resolve_btfids/resolve_btfids; do
		[[ -e $out/$f ]] || continue
		mkdir -p "$dest/$(dirname "$f")"
		cp -a "$out/$f" "$dest/$(dirname "$f")/"
	done
	# Kbuild's command and dependency files name the build machine's
	# paths, and the scripts' objects are not needed once linked.
	find "$dest" \( -name '.*.cmd' -o -name '.*.d' \) -delete
	find "$dest/scripts" \( -name '*.o' -o -name '*.s' \) -delete
	rm -f "$dest/source" "$dest/include/config/auto.conf.cmd"
}
