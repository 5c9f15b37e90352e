// SPDX-License-Identifier: GPL-2.0-only
/*
 * modcheck smoke: run inside a throwaway test guest. Inserts the module
 * through libkmod, checks it is live, optionally runs a command while it is
 * loaded, removes it, checks it is gone, and looks at what the load did to
 * the kernel: new taint flags and new WARNING/BUG/Oops lines in the log.
 */
#include <errno.h>
#include <fcntl.h>
#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "modcheck.h"

/* Taint bits an out-of-tree, unsigned module adds by design: O and E. */
#define TAINT_OOT_MODULE	(1UL << 12)
#define TAINT_UNSIGNED_MODULE	(1UL << 13)
#define TAINT_EXPECTED		(TAINT_OOT_MODULE | TAINT_UNSIGNED_MODULE)

static const char *const bad_log_words[] = {
	"WARNING:", "BUG:", "Oops", "KASAN", "kmemleak", "general protection",
	"Call Trace", NULL,
};

static unsigned long read_taint(void)
{
	FILE *f = fopen("/proc/sys/kernel/tainted", "re");
	unsigned long v = 0;

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

/* /dev/kmsg positioned at the end: later reads return only new records. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * Print every new log record as a diagnostic and count the bad ones.
 * A record is "prio,seq,time,flags;text\n" plus continuation lines.
 */
static int kmsg_scan(int fd, struct mc_report *r)
{
	char rec[8192];
	int bad = 0;

	if (fd < 0)
		return 0;
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		char *text, *eol;

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: skip ahead */
		if (n <= 0)
			break;
		rec[n] = '\0';
		text = strchr(rec, ';');
		if (!text)
			continue;
		text++;
		eol = strchr(text, '\n');
		if (eol)
			*eol = '\0';
		mc_report_diag(r, "kmsg: %s", text);
		for (int i = 0; bad_log_words[i]; i++) {
			if (strstr(text, bad_log_words[i])) {
				bad++;
				break;
			}
		}
	}
	return bad;
}

static bool sysfs_module_exists(const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return stat(path, &st) == 0;
}

static void taint_letters(unsigned long bits, char *buf, size_t len)
{
	/* Letters in bit order, as in the kernel's taint_flags table. */
	static const char letters[] = "PFSRMBUDAWCIOELKXTN";
	size_t n = 0;

	for (size_t i = 0; letters[i] && n + 1 < len; i++)
		if (bits & (1UL << i))
			buf[n++] = letters[i];
	buf[n] = '\0';
}

/* Module name as the kernel will see it: modinfo "name", else the file's. */
static void module_name(const struct mc_module *mod, char *buf, size_t len)
{
	const char *name = mc_modinfo_get(mod, "name");
	const char *base;

	if (name) {
		snprintf(buf, len, "%s", name);
		return;
	}
	base = strrchr(mod->path, '/');
	snprintf(buf, len, "%s", base ? base + 1 : mod->path);
	buf[strcspn(buf, ".")] = '\0';
	for (char *p = buf; *p; p++)
		if (*p == '-')
			*p = '_';
}

/* Read /sys/module/<name>/<rel> into buf without its newline; 0 or -1. */
static int read_sysfs(const char *name, const char *rel, char *buf, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/%s/%s", name, rel);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (!fgets(buf, len, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return 0;
}

/* Bool parameters read back as Y/N whatever spelling set them. */
static bool param_matches(const char *want, const char *got)
{
	if (!strcmp(want, got))
		return true;
	if (!strcmp(got, "Y"))
		return strchr("1yY", want[0]) && want[0] && (!want[1] || !strcmp(want, "yes"));
	if (!strcmp(got, "N"))
		return strchr("0nN", want[0]) && want[0] && (!want[1] || !strcmp(want, "no"));
	return false;
}

/* Each "key=value" of the load's parameters, read back from sysfs. */
static void check_params(const char *name, const char *params,
			 struct mc_report *r)
{
	char *copy = strdup(params), *save = NULL, *tok;
	int n = 0;

	for (tok = copy ? strtok_r(copy, " ", &save) : NULL; tok;
	     tok = strtok_r(NULL, " ", &save)) {
		char rel[300], got[256], *eq = strchr(tok, '=');

		if (!eq)
			continue;
		*eq = '\0';
		snprintf(rel, sizeof(rel), "parameters/%s", tok);
		if (read_sysfs(name, rel, got, sizeof(got))) {
			mc_report_result(r, false, "params",
					 "parameter %s is not in /sys/module/%s/parameters (unknown to the module, or not readable)",
					 tok, name);
			free(copy);
			return;
		}
		if (!param_matches(eq + 1, got)) {
			mc_report_result(r, false, "params",
					 "parameter %s is \"%s\" in sysfs, \"%s\" was given",
					 tok, got, eq + 1);
			free(copy);
			return;
		}
		n++;
	}
	free(copy);
	mc_report_result(r, true, "params", "%d parameters read back from sysfs", n);
}

/*
 * Remove the module by the name the kernel knows: libkmod names a module
 * opened from a path after its file (control.ko is "control").
 */
static int remove_by_name(struct kmod_ctx *ctx, const char *name)
{
	struct kmod_module *km;
	int err;

	err = kmod_module_new_from_name(ctx, name, &km);
	if (err)
		return err;
	err = kmod_module_remove_module(km, 0);
	kmod_module_unref(km);
	return err;
}

static int insert(struct kmod_ctx *ctx, const char *path, const char *params)
{
	struct kmod_module *km;
	int err;

	err = kmod_module_new_from_path(ctx, path, &km);
	if (err)
		return err;
	err = kmod_module_insert_module(km, 0, params);
	kmod_module_unref(km);
	return err;
}

/* --repeat: further load/unload cycles; the first failure is reported. */
static void repeat_cycles(struct kmod_ctx *ctx, const struct mc_module *mod,
			  const char *name, const struct mc_smoke_opts *opts,
			  struct mc_report *r)
{
	for (int i = 2; i <= opts->repeat; i++) {
		int err = insert(ctx, mod->path, opts->params);

		if (!err)
			err = remove_by_name(ctx, name);
		if (err || sysfs_module_exists(name)) {
			mc_report_result(r, false, "repeat",
					 "cycle %d of %d: %s", i, opts->repeat,
					 err ? strerror(-err) : "module still present after removal");
			if (!err)
				remove_by_name(ctx, name);
			return;
		}
	}
	mc_report_result(r, true, "repeat", "%d load/unload cycles", opts->repeat);
}

int mc_smoke(const struct mc_module *mod, const struct mc_smoke_opts *opts,
	     struct mc_report *r)
{
	const char *why = "module did not load";
	unsigned long taint_before, taint_new;
	char name[256], buf[64], letters[32];
	struct utsname uts;
	struct kmod_ctx *ctx;
	int kmsg, err, bad;

	module_name(mod, name, sizeof(name));
	mc_report_begin(r, 9 + !!opts->run + (opts->repeat > 1));
	mc_report_diag(r, "module %s (%s)", name, mod->path);
	/* Which kernel really ran the test, in the evidence itself. */
	if (uname(&uts) == 0)
		mc_report_diag(r, "kernel %s %s", uts.release, uts.version);

	taint_before = read_taint();
	kmsg = kmsg_open();
	ctx = mc_deps_ctx(opts->moddir);
	if (!ctx) {
		mc_report_result(r, false, "dependencies", "libkmod: out of memory");
	} else if (opts->no_deps) {
		mc_report_skip(r, "dependencies", "--no-deps");
	} else {
		char failed[256] = "";

		err = opts->preload ? mc_deps_preload(opts->preload, ctx, failed,
						      sizeof(failed)) : 0;
		if (!err)
			err = mc_deps_load(mod, ctx, failed, sizeof(failed));
		if (err)
			mc_report_result(r, false, "dependencies",
					 "loading dependency %s: %s", failed,
					 strerror(-err));
		else
			mc_report_result(r, true, "dependencies",
					 "loaded first (depends=%s%s%s)",
					 mc_modinfo_get(mod, "depends") ?
					 mc_modinfo_get(mod, "depends") : "",
					 opts->preload ? "; preload=" : "",
					 opts->preload ? opts->preload : "");
	}
	err = ctx ? insert(ctx, mod->path, opts->params) : -ENOMEM;
	bad = kmsg_scan(kmsg, r);
	if (err)
		mc_report_result(r, false, "insert", "%s", strerror(-err));
	else
		mc_report_result(r, true, "insert", "params=%s",
				 opts->params ? opts->params : "(none)");

	if (err) {
		mc_report_skip(r, "initstate", why);
		mc_report_skip(r, "params", why);
		if (opts->run)
			mc_report_skip(r, "run", why);
		mc_report_skip(r, "refcount", why);
		mc_report_skip(r, "remove", why);
		mc_report_result(r, !sysfs_module_exists(name), "gone",
				 "/sys/module/%s after the failed load", name);
		if (opts->repeat > 1)
			mc_report_skip(r, "repeat", why);
	} else {
		if (read_sysfs(name, "initstate", buf, sizeof(buf)))
			snprintf(buf, sizeof(buf), "(missing)");
		mc_report_result(r, !strcmp(buf, "live"), "initstate",
				 "/sys/module/%s/initstate is %s", name, buf);
		check_params(name, opts->params ? opts->params : "", r);
		if (opts->run) {
			int status = system(opts->run);
			bool ok = status != -1 && WIFEXITED(status) &&
				  WEXITSTATUS(status) == 0;

			mc_report_result(r, ok, "run", "%s (status %d)",
					 opts->run, status);
		}
		/* Whatever ran must have let go of the module. */
		if (read_sysfs(name, "refcnt", buf, sizeof(buf)))
			snprintf(buf, sizeof(buf), "(missing)");
		mc_report_result(r, !strcmp(buf, "0"), "refcount",
				 "/sys/module/%s/refcnt is %s before removal",
				 name, buf);
		err = remove_by_name(ctx, name);
		if (err)
			mc_report_result(r, false, "remove", "%s", strerror(-err));
		else
			mc_report_result(r, true, "remove", NULL);
		mc_report_result(r, !sysfs_module_exists(name), "gone",
				 "/sys/module/%s", name);
		if (opts->repeat > 1)
			repeat_cycles(ctx, mod, name, opts, r);
	}

	bad += kmsg_scan(kmsg, r);
	taint_new = read_taint() & ~taint_before;
	taint_letters(taint_new, letters, sizeof(letters));
	mc_report_result(r, !(taint_new & ~TAINT_EXPECTED), "taint",
			 "new taint %lu (%s); expected only O and E",
			 taint_new, letters[0] ? letters : "none");
	mc_report_result(r, bad == 0, "kernel log",
			 "%d WARNING/BUG/Oops/KASAN/kmemleak lines", bad);

	if (ctx)
		kmod_unref(ctx);
	if (kmsg >= 0)
		close(kmsg);
	return r->failed ? -1 : 0;
}
