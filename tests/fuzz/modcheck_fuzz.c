// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness for modcheck's parsers of untrusted module files: the
 * decompressors, the ELF reader, .modinfo, __versions and the symbol table,
 * then every check of "verify" against a real kernel tree when
 * WSLX_FUZZ_KDIR names one (its Module.symvers and .config are trusted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modcheck.h"

static struct mc_target *target;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *kdir = getenv("WSLX_FUZZ_KDIR");
	struct mc_err err;

	(void)argc;
	(void)argv;
	if (kdir && mc_target_from_kdir(kdir, &target, &err)) {
		fprintf(stderr, "modcheck_fuzz: WSLX_FUZZ_KDIR=%s: %s\n", kdir, err.msg);
		exit(1);
	}
	/* Reports go to stdout; the fuzzer's own output stays on stderr. */
	if (!freopen("/dev/null", "w", stdout))
		exit(1);
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct mc_report report = { .ktap = true };
	struct mc_module *mod;
	unsigned char *copy;
	struct mc_err err;
	size_t iter = 0;

	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (mc_module_from_memory("fuzz.ko", copy, size, &mod, &err))
		return 0;
	while (mc_modinfo_next(mod, "alias", &iter))
		;
	mc_info(mod);
	if (target)
		mc_verify(mod, target, NULL, &report);
	mc_module_free(mod);
	return 0;
}
