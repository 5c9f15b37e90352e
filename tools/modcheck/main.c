// SPDX-License-Identifier: GPL-2.0-only
/*
 * modcheck: will this kernel module load there, and does it load here?
 * A thin command line over libmodcheck (modcheck.h); options in args.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "modcheck.h"

static int open_module(const char *path, struct mc_module **mod)
{
	struct mc_err err;

	if (mc_module_open(path, mod, &err)) {
		fprintf(stderr, "modcheck: %s\n", err.msg);
		return MC_EXIT_READ;
	}
	return MC_EXIT_OK;
}

static int verify(const struct mc_args *a, const struct mc_module *mod,
		  struct mc_report *report)
{
	char kdir_buf[4096], moddir_buf[4096];
	const char *kdir = a->kdir, *moddir = a->moddir;
	struct mc_target *t;
	struct mc_err err;
	int ret;

	if (a->running) {
		ret = mc_target_running(kdir_buf, sizeof(kdir_buf), &err);
		if (ret) {
			fprintf(stderr, "modcheck: %s\n", err.msg);
			return MC_EXIT_READ;
		}
		kdir = kdir_buf;
	}
	if (mc_target_from_kdir(kdir, &t, &err)) {
		fprintf(stderr, "modcheck: kernel tree %s: %s\n", kdir, err.msg);
		return MC_EXIT_READ;
	}
	if (!moddir)
		moddir = mc_target_moddir(kdir, a->running, t->release,
					  moddir_buf, sizeof(moddir_buf));
	ret = mc_verify(mod, t, moddir, report);
	if (ret)
		fprintf(stderr, "modcheck: %s will not load into %s: %s\n",
			mod->path, t->release, report->first_failure);
	mc_target_free(t);
	return ret ? MC_EXIT_FAIL : MC_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct mc_report report = { 0 };
	struct mc_module *mod = NULL;
	struct mc_args a;
	int ret;

	ret = mc_args_parse(argc, argv, &a);
	if (ret >= 0)
		return ret;
	report.ktap = a.ktap;
	report.json = a.json;
	report.command = a.cmd;
	report.module = a.module;
	ret = open_module(a.module, &mod);
	if (ret)
		return ret;
	if (!strcmp(a.cmd, "info")) {
		ret = mc_info(mod) ? MC_EXIT_FAIL : MC_EXIT_OK;
	} else if (!strcmp(a.cmd, "verify")) {
		ret = verify(&a, mod, &report);
	} else {
		a.smoke.moddir = a.moddir;
		ret = mc_smoke(mod, &a.smoke, &report) ? MC_EXIT_FAIL : MC_EXIT_OK;
	}
	mc_report_end(&report);
	mc_module_free(mod);
	return ret;
}
