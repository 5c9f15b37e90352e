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
	if (mod->has_signature) {
		struct mc_signature sig;

		mc_signature_read(mod, &sig);
		printf("%-12s present (%s)\n", "signature",
		       sig.type[0] ? sig.type : "unreadable");
		printf("%-12s %s\n", "signer", sig.signer[0] ? sig.signer : "(unknown)");
		printf("%-12s %s\n", "sig_key", sig.key_id[0] ? sig.key_id : "(unknown)");
		printf("%-12s %s\n", "sig_hash", sig.hash[0] ? sig.hash : "(unknown)");
	} else {
		printf("%-12s none\n", "signature");
	}
	printf("%-12s %s\n", "compression",
	       mod->compression ? mod->compression : "none");
	printf("%-12s %s, ELF machine %u\n", "elf",
	       mod->elf_class == 2 ? "64-bit" : "32-bit", mod->machine);
	return 0;
}
