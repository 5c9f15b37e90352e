// SPDX-License-Identifier: GPL-2.0-only
/*
 * modcheck: will this kernel module load there, and does it load here?
 * A thin command line over libmodcheck (modcheck.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "modcheck.h"

#ifndef MODCHECK_VERSION
#define MODCHECK_VERSION "dev"
#endif

static void usage(FILE *out)
{
	fputs("usage: modcheck info KO\n"
	      "       modcheck verify [--ktap|--json] (--kdir DIR | --lane NAME | --running)\n"
	      "                       [--moddir DIR] KO\n"
	      "       modcheck smoke [--ktap|--json] [--params 'a=1 b=2'] [--run CMD] [--repeat N]\n"
	      "                      [--moddir DIR | --no-deps] KO\n"
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
	      "--lane NAME   the kernel of a prepared wslx lane ($WSLX_BUILD, default\n"
	      "              ./build, /lanes/NAME/kdir)\n"
	      "--running     the running kernel (/lib/modules/$(uname -r)/build)\n"
	      "--moddir DIR  the target's modules folder, with modules.dep (verify:\n"
	      "              found beside a lane's kernel; smoke: /lib/modules/$(uname -r))\n"
	      "--no-deps     smoke: do not load the module's dependencies first\n"
	      "--ktap  print results as KTAP (default: lines for people)\n"
	      "--json  print results as one JSON document\n"
	      "\n"
	      "exit status: 0 all checks passed; 1 a check failed (will not load,\n"
	      "or the smoke test failed); 2 usage error; 3 a module file or\n"
	      "kernel tree could not be read\n", out);
}

static int open_module(const char *path, struct mc_module **mod)
{
	struct mc_err err;

	if (mc_module_open(path, mod, &err)) {
		fprintf(stderr, "modcheck: %s\n", err.msg);
		return MC_EXIT_READ;
	}
	return MC_EXIT_OK;
}

/* The build tree of a prepared lane, or of the running kernel. */
static int resolve_kdir(const char *lane, char *buf, size_t len)
{
	const char *build = getenv("WSLX_BUILD");
	struct utsname u;
	struct stat st;

	if (lane) {
		if (!*lane || strchr(lane, '/')) {
			fprintf(stderr, "modcheck: --lane %s: not a lane name\n", lane);
			return MC_EXIT_USAGE;
		}
		snprintf(buf, len, "%s/lanes/%s/kdir", build ? build : "build", lane);
		if (stat(buf, &st) || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "modcheck: --lane %s: lane not prepared (no %s; run: make prepare LANE=%s)\n",
				lane, buf, lane);
			return MC_EXIT_READ;
		}
		return MC_EXIT_OK;
	}
	if (uname(&u)) {
		perror("modcheck: uname");
		return MC_EXIT_READ;
	}
	snprintf(buf, len, "/lib/modules/%s/build", u.release);
	if (stat(buf, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "modcheck: --running: no build tree for the running kernel %s (%s; install its headers)\n",
			u.release, buf);
		return MC_EXIT_READ;
	}
	return MC_EXIT_OK;
}

/*
 * The target's modules folder, for dependencies: the lane's, the running
 * kernel's, or, for a Debian header tree unpacked by wslx, the image's
 * lib/modules/<release> beside it. NULL when none has a modules.dep.
 */
static const char *find_moddir(const char *kdir, const char *lane,
			       bool running, const char *release, char *buf,
			       size_t len)
{
	const char *build = getenv("WSLX_BUILD");
	char dep[4200];
	struct stat st;
	int n;

	if (lane)
		n = snprintf(buf, len, "%s/lanes/%s/moddir", build ? build : "build", lane);
	else if (running)
		n = snprintf(buf, len, "/lib/modules/%s", release);
	else
		n = snprintf(buf, len, "%s/../../../lib/modules/%s", kdir, release);
	if (n < 0 || (size_t)n >= len)
		return NULL;
	n = snprintf(dep, sizeof(dep), "%s/modules.dep", buf);
	if (n < 0 || (size_t)n >= sizeof(dep))
		return NULL;
	return stat(dep, &st) ? NULL : buf;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "ktap", no_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "kdir", required_argument, NULL, 'd' },
		{ "lane", required_argument, NULL, 'l' },
		{ "running", no_argument, NULL, 'R' },
		{ "params", required_argument, NULL, 'p' },
		{ "run", required_argument, NULL, 'r' },
		{ "repeat", required_argument, NULL, 'n' },
		{ "moddir", required_argument, NULL, 'm' },
		{ "no-deps", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	struct mc_smoke_opts smoke = { .repeat = 1 };
	struct mc_report report = { 0 };
	struct mc_module *mod = NULL;
	const char *cmd, *kdir = NULL, *lane = NULL, *moddir = NULL;
	char kdir_buf[4096], moddir_buf[4096];
	bool running = false;
	int opt, ret, targets = 0;

	/* Our own one-line messages replace getopt's. */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout);
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
	cmd = argv[optind];
	if (strcmp(cmd, "info") && strcmp(cmd, "verify") && strcmp(cmd, "smoke")) {
		fprintf(stderr, "modcheck: unknown command '%s'; see --help\n", cmd);
		return MC_EXIT_USAGE;
	}
	optind++;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			report.ktap = true;
			break;
		case 'j':
			report.json = true;
			break;
		case 'd':
			targets++;
			kdir = optarg;
			break;
		case 'l':
			targets++;
			lane = optarg;
			break;
		case 'R':
			targets++;
			running = true;
			break;
		case 'p':
			smoke.params = optarg;
			break;
		case 'r':
			smoke.run = optarg;
			break;
		case 'm':
			moddir = optarg;
			break;
		case 'D':
			smoke.no_deps = true;
			break;
		case 'n': {
			char *end;
			long n = strtol(optarg, &end, 10);

			if (*end || n < 1 || n > 1000000) {
				fprintf(stderr, "modcheck smoke: --repeat %s: not a number of cycles from 1 to 1000000\n",
					optarg);
				return MC_EXIT_USAGE;
			}
			smoke.repeat = (int)n;
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
	if (!strcmp(cmd, "verify") && targets != 1) {
		fputs("modcheck verify: give exactly one of --kdir DIR, --lane NAME, --running\n",
		      stderr);
		return MC_EXIT_USAGE;
	}
	if (lane || running) {
		ret = resolve_kdir(lane, kdir_buf, sizeof(kdir_buf));
		if (ret)
			return ret;
		kdir = kdir_buf;
	}

	if (report.ktap && report.json) {
		fputs("modcheck: --ktap and --json exclude each other\n", stderr);
		return MC_EXIT_USAGE;
	}
	report.command = cmd;
	report.module = argv[optind];
	ret = open_module(argv[optind], &mod);
	if (ret)
		return ret;
	if (!strcmp(cmd, "info")) {
		ret = mc_info(mod);
	} else if (!strcmp(cmd, "verify")) {
		struct mc_target *t;
		struct mc_err err;

		if (mc_target_from_kdir(kdir, &t, &err)) {
			fprintf(stderr, "modcheck: kernel tree %s: %s\n", kdir, err.msg);
			mc_module_free(mod);
			return MC_EXIT_READ;
		}
		if (!moddir)
			moddir = find_moddir(kdir, lane, running, t->release,
					     moddir_buf, sizeof(moddir_buf));
		ret = mc_verify(mod, t, moddir, &report);
		if (ret)
			fprintf(stderr, "modcheck: %s will not load into %s: %s\n",
				mod->path, t->release, report.first_failure);
		mc_target_free(t);
	} else {
		smoke.moddir = moddir;
		ret = mc_smoke(mod, &smoke, &report);
	}
	mc_report_end(&report);
	mc_module_free(mod);
	return ret ? MC_EXIT_FAIL : MC_EXIT_OK;
}
