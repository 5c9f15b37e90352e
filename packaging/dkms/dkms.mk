# SPDX-License-Identifier: GPL-2.0-only
#
# The DKMS build: dkms.conf's MAKE line runs this in DKMS's copy of the
# source. The same scripts as a developer's build (packaging/dkms/shipped/
# build_module.sh runs
# the probes for the target kernel, then kbuild), with the probe cache and
# the build kept inside DKMS's build folder. A failure's one-line reason is
# also written to the terminal, since DKMS sends make's output to make.log.
SHELL := /bin/bash
KDIR ?= /lib/modules/$(KVER)/build

all:
	@WSLX_CACHE=$(CURDIR)/cache WSLX_BUILD=$(CURDIR)/build WSLX_WARNINGS=allow \
		WSLX_KDIR_HINT="dkms --kernelsourcedir, or /lib/modules/$(KVER)/build" \
		packaging/dkms/shipped/build_module.sh "$(KDIR)" 2> >(tee build-errors.log >&2) || { \
		why=$$(grep -m 1 ' error: ' build-errors.log | grep -v '^wslx:'; \
			grep -m 1 '^wslx: error:' build-errors.log || echo 'wslx: error: the build failed'); \
		{ : >/dev/tty; } 2>/dev/null && printf '\n%s\n' "$$why" >/dev/tty; \
		printf '%s\n' "$$why"; exit 1; }

clean:
	rm -rf build cache build-errors.log

.PHONY: all clean
