/* SPDX-License-Identifier: GPL-2.0-only */
/* modcheck's command line, parsed. */
#ifndef MODCHECK_ARGS_H
#define MODCHECK_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#include "modcheck.h"

#ifndef MODCHECK_VERSION
#define MODCHECK_VERSION "dev"
#endif

struct mc_args {
	const char *cmd;	/* info, verify or smoke */
	const char *module;
	const char *kdir;	/* verify: exactly one of kdir, running */
	bool running;
	const char *moddir;
	bool ktap;
	bool json;
	struct mc_smoke_opts smoke;
};

void mc_usage(FILE *out);
/* -1 to go on, or the exit code (help, version, usage error). */
int mc_args_parse(int argc, char **argv, struct mc_args *a);

#endif /* MODCHECK_ARGS_H */
