// SPDX-License-Identifier: GPL-2.0-only
/*
 * Will this module load into that kernel? Checked on the host, before any
 * load: a wrong-kernel module fails in the kernel with a bare "Exec format
 * error" from the module_layout CRC or the this_module size, long before
 * the vermagic comparison that would have named the problem.
 */
#include <stdio.h>
#include <string.h>

#include "modcheck.h"

static const char *machine_name(unsigned int machine)
{
	switch (machine) {
	case 62:
		return "x86_64";
	case 183:
		return "aarch64";
	case 3:
		return "i386";
	default:
		return "unknown";
	}
}

int mc_verify(const struct mc_module *mod, const struct mc_target *t,
	      struct mc_report *r)
{
	const char *vermagic = mc_modinfo_get(mod, "vermagic");

	mc_report_begin(r, 2);
	mc_report_diag(r, "module %s: vermagic \"%s\"", mod->path,
		       vermagic ? vermagic : "(none)");
	mc_report_diag(r, "kernel %s: vermagic \"%s\"", t->kdir, t->vermagic);

	mc_report_result(r, mod->machine == t->machine, "architecture",
			 "module is %s (ELF machine %u), kernel is %s",
			 machine_name(mod->machine), mod->machine,
			 machine_name(t->machine));
	if (!vermagic)
		mc_report_result(r, false, "vermagic", "module has no vermagic");
	else if (strcmp(vermagic, t->vermagic))
		mc_report_result(r, false, "vermagic",
				 "module vermagic \"%s\" does not match kernel vermagic \"%s\"",
				 vermagic, t->vermagic);
	else
		mc_report_result(r, true, "vermagic", NULL);
	return r->failed ? -1 : 0;
}
