// SPDX-License-Identifier: GPL-2.0-only
/* modcheck info: what a module file says about itself. */
#include <stdio.h>

#include "modcheck.h"

static const char *const info_keys[] = {
	"name", "version", "vermagic", "license", "srcversion", "depends",
	"description", "author", NULL,
};

int mc_info(const struct mc_module *mod)
{
	printf("%-12s %s\n", "file", mod->path);
	for (int i = 0; info_keys[i]; i++) {
		const char *v = mc_modinfo_get(mod, info_keys[i]);

		printf("%-12s %s\n", info_keys[i], v ? v : "(none)");
	}
	printf("%-12s %s\n", "signature",
	       mod->has_signature ? "present" : "none");
	printf("%-12s %s\n", "compression",
	       mod->compression ? mod->compression : "none");
	printf("%-12s %s, ELF machine %u\n", "elf",
	       mod->elf_class == 2 ? "64-bit" : "32-bit", mod->machine);
	return 0;
}
