# SPDX-License-Identifier: GPL-2.0-only
#
# wslx front door. Thin on purpose: every target calls the harness
# (tools/wslx-cli, the Python package tools/wslx/), so CI, DKMS and a
# developer walk the same path.
#
#   make                     build for the running kernel's headers
#   make KDIR=<dir>          build for any prepared kernel tree or header tree
#   make LANE=<lane>         build for a lane's kernel (fetched and cached)
#   make smoke [LANE=<lane>] build, verify and load-test in QEMU
#   make help                everything else

WSLX_ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
include $(WSLX_ROOT)/module.mk

# The recipes use bash (the ci/ scripts' helpers are bash).
SHELL := /bin/bash
CI := $(WSLX_ROOT)/ci
BUILD := $(WSLX_ROOT)/build
# Exit status: make says 0 or 2. A lane the harness skipped (its status 77:
# the kernel lacks a REQUIRED_CONFIG option, the line left the archive) is
# not a failure of the module, so the lane targets exit 0 for it after the
# "SKIP" line; tools/wslx-cli itself tells all apart: 0 pass, 1 fail,
# 2 bad input, 77 skip, 130 interrupted.
# The harness (tools/wslx/). No recipe pastes a user's value into shell
# text: LANE, KDIR, SOURCE, W, KEY and the rest reach it through the
# environment (make exports its command-line variables to recipes).
WSLX := "$(WSLX_ROOT)/tools/wslx-cli"

.DEFAULT_GOAL := modules

## Build
modules: ## build the module (KDIR=, LANE=; W=1 for extra warnings) into build/<kernelrelease>/
	@$(WSLX) build >/dev/null

probe: ## run the compile probes for one kernel (KDIR=, LANE=); names answers that contradict a probe's expect: line (CHECK=1: an error)
	@$(WSLX) probe

adopt: ## bring an existing out-of-tree module into this tree (FROM=<its folder>): src/, module.mk, Kconfig, tests; lists its version checks with matching probes
	@$(WSLX) adopt

modcheck: ## build tools/modcheck into build/tools/
	@$(WSLX) modcheck >/dev/null

fix: ## build for a kernel (LANE=, KDIR=); when it fails, one line per kernel API change (identifier, its declaration in this kernel and a reference lane from BTF, else headers, a new name when it was renamed, the catalogue's probe) and the catalogue's migrations as build/fix/<lane>/fix.patch; APPLY=1 applies it and verifies it with make smoke on the failing lane and the lanes that passed (LANES= names them; KEEP=1 keeps an unverified one)
	@$(CI)/install_deps.sh lane fix
	@$(WSLX) fix

verify: ## check the built module against its kernel before any load (KDIR=, LANE=)
	@$(WSLX) verify

## Lanes
smoke: ## the main job: prepare, build, verify and smoke-test in QEMU (LANE=, default: DEFAULT_LANE in module.mk; PARAMS= the load's module parameters)
	@$(CI)/install_deps.sh
	@$(WSLX) smoke || [ $$? -eq 77 ]

matrix: ## every lane the module supports at once (LANES=<names or globs>; default: the Debian lanes and the source lanes built here): live lines, a lane x step table, build/report/
	@$(CI)/install_deps.sh core arm64 buildroot
	@$(WSLX) matrix

source-lanes: ## lanes L1 (upstream 6.6) and L2 (WSL): build each kernel from source, then smoke-test (SOURCE=, FULL=1, INTREE=1)
	@$(CI)/install_deps.sh core source
	@$(WSLX) source-lanes || [ $$? -eq 77 ]

wsl-bundle: ## kernel, modules.vhdx, build tree and .wslconfig for real WSL, from lane L2 (LANE=wsl-6.6)
	@$(CI)/install_deps.sh core source
	@$(WSLX) wsl-bundle

prepare: ## fetch and unpack a lane's kernel into the cache (LANE=)
	@$(WSLX) prepare

lanes: ## list the lanes defined in ci/lanes/ (each file checked against the lane schema)
	@$(WSLX) lanes

status: ## one line per lane from its run records: kernel, verify, smoke, tests, when, vermagic
	@$(WSLX) status

ci-config: ## write the CI files from ci/lanes/: .github/workflows/wslx.yml (GitHub Actions), .gitlab-ci.yml (GitLab CI)
	@$(WSLX) ci-config

report: ## the cycle report in build/report/ (index.html, report.md, report.json) from the run records: works on L1/L2, on what, and why not
	@$(WSLX) report

faults: ## fault-point matrix in QEMU on a fault-injection build (LANE=; LEAK=1: the deliberately leaky build)
	@$(CI)/install_deps.sh
	@$(WSLX) faults || [ $$? -eq 77 ]

burnin: ## N load/unload cycles in QEMU with the interface tests in between (LANE=, N=200)
	@$(CI)/install_deps.sh
	@$(WSLX) burnin || [ $$? -eq 77 ]

## Kernel-core series
stack: ## the kernel-core series in patches/ on both bases: replay, build, boot, test; build/stack/latest/summary.md (STANDIN=1 BASE= BASE_SOURCE=name=DIR ACCEPT=class NIGHTLY=1 EACH_COMMIT=1 BOOTS=3 PATCHES=)
	@$(CI)/install_deps.sh core source
	@$(WSLX) stack

stack-status: ## one line per base of the patch stack: base, series revision, last verdict, pending human reviews
	@$(WSLX) stack-status

stack-resolve: ## record your fix of a stopped conflict (BASE= PATCHES=): patches/rerere/, or a replacement of the patch in patches/resolutions/<base>/
	@$(WSLX) stack-resolve

## Packaging and signing
dkms-tree: ## write the DKMS source tree (dkms.conf from module.mk) to build/pkg/dkms/<name>-<version>/
	@$(WSLX) dkms-tree

deb: ## build the DKMS .deb (dpkg-buildpackage, dh-dkms) and run lintian; into build/pkg/deb/
	@$(CI)/install_deps.sh core packages
	@$(WSLX) deb

rpm: ## build the DKMS .rpm (rpmbuild) into build/pkg/rpm/
	@$(CI)/install_deps.sh core packages
	@$(WSLX) rpm

keys: ## make the throwaway test signing key and certificate (once; in WSLX_CACHE/keys/wslx-test)
	@$(WSLX) keys

sign: ## sign the built module with the kernel's sign-file (KDIR=, LANE=; KEY= CERT=, default: make keys)
	@$(WSLX) sign

## Tests
test: ## run the whole test suite (installs what it needs; two streams, WSLX_TESTS_SERIAL=1 for one; TESTS=<part of a name>; opt-in: WSLX_DEBUG_LANE=1, WSLX_STACK_CACHES=1); ends with "N passed, N failed"
	@$(CI)/install_deps.sh all
	@$(WSLX_ROOT)/tests/run.sh $(TESTS)

test-fresh: ## the install step from nothing: make smoke (x86_64 and arm64) in a fresh Debian 12 root (debootstrap; also in make test)
	@$(CI)/install_deps.sh core buildroot
	@$(WSLX_ROOT)/tests/run.sh fresh_root

test-unit: ## the fast offline tier: unit tests, mypy and flake8 (no network, no QEMU)
	@$(CI)/install_deps.sh checks
	@$(WSLX_ROOT)/tests/run.sh unit python_checks

fuzz: ## fuzz modcheck's module parsers with libFuzzer (FUZZ_SECONDS=, default 600)
	@$(CI)/install_deps.sh core fuzz
	@$(WSLX) fuzz

checkpatch: ## kernel coding style: checkpatch.pl --strict on src/, compat/, probes/
	@$(WSLX) checkpatch

bench: ## benchmarks (tests/bench/): warm smoke, runner vs bare boot (LANE=), probe runner cost, arm64 vs x86_64 boot-to-result, make matrix against serial smokes, make stack cold and warm, and make bench-fix's table
	@$(CI)/install_deps.sh lane arm64 source fix
	@$(WSLX) bench

bench-fix: ## make fix on the one-break modules of tests/fixtures/api_breaks/: lanes failing before, diagnosis, proposal, verified after (about 15 min)
	@$(CI)/install_deps.sh core fix
	@tests/bench/fix_table.sh

deps: ## install the Debian packages wslx needs on this host (only the missing ones)
	@$(CI)/install_deps.sh all

## Housekeeping
clean: ## remove build outputs of every kernel release and lane (keeps the kernel cache)
	rm -rf $(BUILD)

distclean: clean ## also remove the kernel cache (WSLX_CACHE, default ~/.cache/wslx)
	rm -rf "$${WSLX_CACHE:-$${XDG_CACHE_HOME:-$$HOME/.cache}/wslx}"

help: ## list every target
	@echo "wslx: build, check and load-test $(MODULE_NAME) $(MODULE_VERSION) on many kernels"
	@echo
	@awk 'BEGIN { FS = ":.*## " } \
		/^## / { printf "%s%s:\n", (n++ ? "\n" : ""), substr($$0, 4) } \
		/^[a-z][a-z-]*:.*## / { printf "  %-12s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo
	@echo "Variables: LANE=<lane> (see make lanes; default lane $(DEFAULT_LANE))"
	@echo "           KDIR=<kernel tree>  W=1 V=1 C=1 (kbuild)  TESTS=<test names> (make test)"
	@echo "           WSLX_CACHE=<dir> (downloaded kernels)  SMOKE_TIMEOUT=<seconds> (QEMU)"
	@echo "           PARAMS='a=1 b=2' (the smoke load's parameters)  FROM=<module folder> (make adopt)"
	@echo "  source lanes (upstream-6.6, wsl-6.6): SOURCE=<tree or tarball> SHA256=<hex>"
	@echo "           FULL=1 (full config; WSL's takes about an hour)  INTREE=1  FRAGMENT=<config files>"
	@echo "  arm64 lanes (debian-6.1-arm64, debian-6.12-arm64, upstream-6.6-arm64): cross-built with"
	@echo "           gcc-aarch64-linux-gnu, run in qemu-system-aarch64; KDIR=<arm64 kernel> cross-builds"
	@echo "           by itself (ARCH= and CROSS_COMPILE= from its .config; CROSS_COMPILE=<prefix> wins)"
	@echo
	@echo "Exit status: 0 pass, or a skipped lane (its SKIP line says why); 2 a failure or bad input."
	@echo "           tools/wslx-cli tells them apart: 0 pass, 1 fail, 2 bad input, 77 skip, 130 interrupted"
	@echo
	@echo "Every target calls the harness, tools/wslx-cli (Python, tools/wslx/): tools/wslx-cli --help"



.PHONY: fix matrix adopt ci-config stack stack-status stack-resolve modules probe modcheck verify smoke source-lanes wsl-bundle prepare lanes status report faults \
	dkms-tree deb rpm keys sign burnin test test-fresh test-unit fuzz checkpatch bench bench-fix deps clean distclean help
