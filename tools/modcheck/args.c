// SPDX-License-Identifier: GPL-2.0-only
/* modcheck's command line: usage text and option parsing. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

void mc_usage(FILE *out)
{
	fputs("usage: modcheck info KO\n"
	      "       modcheck verify [--ktap|--json] (--kdir DIR | --running)\n"
	      "                       [--moddir DIR] KO\n"
	      "       modcheck smoke [--ktap|--json] [--params 'a=1 b=2'] [--run CMD] [--repeat N]\n"
	      "                      [--moddir DIR | --no-deps] [--preload A,B] KO\n"
	      "       modcheck --help | --version\n"
	      "\n"
	      "info    print the module's name, vermagic, licence, srcversion,\n"
	      "        dependencies and whether it is signed\n"
	      "verify  check, before any load, that KO fits the kernel whose build\n"
	      "        or header tree is DIR: architecture, whole vermagic, every\n"
	      "        __versions CRC, unresolved symbols, GPL-only symbols in a\n"
	      "        non-GPL module, namespaces not imported, forced signatures,\n"
	      "        and depends=/softdep= resolved against the target's modules\n"
	      "        (modules.dep) with the load order\n"
	      "smoke   inside a test machine: insert KO with libkmod, check it is\n"
	      "        live and its parameters read back from sysfs, run CMD while\n"
	      "        loaded, check its refcount is 0, remove it, check it is gone,\n"
	      "        load and unload it N-1 more times (--repeat N), and check\n"
	      "        the taint and the kernel log (WARNING, BUG, Oops, KASAN,\n"
	      "        kmemleak) it left\n"
	      "\n"
	      "--kdir DIR    the target kernel's build tree or header tree\n"
	      "--running     the running kernel (/lib/modules/$(uname -r)/build)\n"
	      "--moddir DIR  the target's modules folder, with modules.dep (verify:\n"
	      "              default: /lib/modules/RELEASE beside an unpacked Debian\n"
	      "              header tree; smoke: /lib/modules/$(uname -r))\n"
	      "--no-deps     smoke: do not load the module's dependencies first\n"
	      "--preload A,B smoke: load these modules (by name, with their own\n"
	      "              dependencies) first, where nothing in KO names them\n"
	      "--ktap  print results as KTAP (default: lines for people)\n"
	      "--json  print results as one JSON document\n"
	      "\n"
	      "exit status: 0 all checks passed; 1 a check failed (will not load,\n"
	      "or the smoke test failed); 2 usage error; 3 a module file or\n"
	      "kernel tree could not be read\n", out);
}

int mc_args_parse(int argc, char **argv, struct mc_args *a)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "ktap", no_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "kdir", required_argument, NULL, 'd' },
		{ "running", no_argument, NULL, 'R' },
		{ "params", required_argument, NULL, 'p' },
		{ "run", required_argument, NULL, 'r' },
		{ "repeat", required_argument, NULL, 'n' },
		{ "moddir", required_argument, NULL, 'm' },
		{ "no-deps", no_argument, NULL, 'D' },
		{ "preload", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd;
	int opt, targets = 0;

	memset(a, 0, sizeof(*a));
	a->smoke.repeat = 1;
	/* Our own one-line messages replace getopt's. */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			mc_usage(stdout);
			return MC_EXIT_OK;
		case 'V':
			puts("modcheck " MODCHECK_VERSION);
			return MC_EXIT_OK;
		default:
			fprintf(stderr, "modcheck: unknown option '%s'; see --help\n",
				argv[optind - 1]);
			return MC_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs("modcheck: missing command (info, verify or smoke); see --help\n",
		      stderr);
		return MC_EXIT_USAGE;
	}
	cmd = a->cmd = argv[optind];
	if (strcmp(cmd, "info") && strcmp(cmd, "verify") && strcmp(cmd, "smoke")) {
		fprintf(stderr, "modcheck: unknown command '%s'; see --help\n", cmd);
		return MC_EXIT_USAGE;
	}
	optind++;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			a->ktap = true;
			break;
		case 'j':
			a->json = true;
			break;
		case 'd':
			targets++;
			a->kdir = optarg;
			break;
		case 'R':
			targets++;
			a->running = true;
			break;
		case 'p':
			a->smoke.params = optarg;
			break;
		case 'r':
			a->smoke.run = optarg;
			break;
		case 'm':
			a->moddir = optarg;
			break;
		case 'P':
			a->smoke.preload = optarg;
			break;
		case 'D':
			a->smoke.no_deps = true;
			break;
		case 'n': {
			char *end;
			long n = strtol(optarg, &end, 10);

			if (*end || n < 1 || n > 1000000) {
				fprintf(stderr, "modcheck %s: --repeat %s: not a number of cycles from 1 to 1000000\n",
					cmd, optarg);
				return MC_EXIT_USAGE;
			}
			a->smoke.repeat = (int)n;
			break;
		}
		default:
			fprintf(stderr, "modcheck %s: unknown option or missing value in '%s'; see --help\n",
				cmd, argv[optind - 1]);
			return MC_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "modcheck %s: expected exactly one module file; see --help\n",
			cmd);
		return MC_EXIT_USAGE;
	}
	a->module = argv[optind];
	if (!strcmp(cmd, "verify") && targets != 1) {
		fputs("modcheck verify: give exactly one of --kdir DIR, --running\n",
		      stderr);
		return MC_EXIT_USAGE;
	}
	if (a->ktap && a->json) {
		fputs("modcheck: --ktap and --json exclude each other\n", stderr);
		return MC_EXIT_USAGE;
	}
	return -1;
}
