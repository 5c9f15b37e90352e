// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module's dependencies: depends= (hard: the symbols it needs live
 * there) and softdep= ("pre: a b post: c": loaded around it by modprobe),
 * resolved through libkmod against a kernel's modules folder (modules.dep
 * and the other indexes depmod writes), and the order to load them in.
 */
#include <errno.h>
#include <stdbool.h>
#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modcheck.h"

/* The names in depends= (comma-separated) and softdep= ("pre:"/"post:"). */
static int dep_names(const struct mc_module *mod, char ***out, int **soft)
{
	char **names = NULL, *copy, *save, *tok;
	const char *v;
	size_t iter = 0;
	int n = 0, is_soft = 0;
	int *flags = NULL;

	for (int pass = 0; pass < 2; pass++) {
		iter = 0;
		while ((v = mc_modinfo_next(mod, pass ? "softdep" : "depends", &iter))) {
			copy = strdup(v);
			if (!copy)
				goto nomem;
			for (tok = strtok_r(copy, pass ? " " : ",", &save); tok;
			     tok = strtok_r(NULL, pass ? " " : ",", &save)) {
				void *nn, *nf;

				if (pass && (!strcmp(tok, "pre:") || !strcmp(tok, "post:")))
					continue;
				is_soft = pass;
				nn = realloc(names, (n + 1) * sizeof(*names));
				nf = nn ? realloc(flags, (n + 1) * sizeof(*flags)) : NULL;
				if (nn)
					names = nn;
				if (nf)
					flags = nf;
				if (!nn || !nf || !(names[n] = strdup(tok))) {
					free(copy);
					goto nomem;
				}
				flags[n++] = is_soft;
			}
			free(copy);
		}
	}
	*out = names;
	*soft = flags;
	return n;
nomem:
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(flags);
	return -ENOMEM;
}

static void free_names(char **names, int *soft, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(soft);
}

/* A libkmod context on a modules folder, with no modprobe configuration. */
struct kmod_ctx *mc_deps_ctx(const char *moddir)
{
	static const char *const no_config[] = { "/nonexistent", NULL };

	return kmod_new(moddir, no_config);
}

/* Append m's dependencies (depth first), then m, to the order string. */
static void add_in_order(struct kmod_module *m, char *order, size_t len)
{
	struct kmod_list *deps = kmod_module_get_dependencies(m), *l;
	const char *name = kmod_module_get_name(m);
	char needle[300];

	kmod_list_foreach(l, deps) {
		struct kmod_module *d = kmod_module_get_module(l);

		add_in_order(d, order, len);
		kmod_module_unref(d);
	}
	kmod_module_unref_list(deps);
	snprintf(needle, sizeof(needle), " %s ", name);
	if (strstr(order, needle))
		return;
	strncat(order, name, len - strlen(order) - 1);
	strncat(order, " ", len - strlen(order) - 1);
}

/* Is NAME a module in the index, or built into the kernel? */
static int lookup(struct kmod_ctx *ctx, const char *name,
		  struct kmod_module **out)
{
	struct kmod_list *list = NULL;
	int err = kmod_module_new_from_lookup(ctx, name, &list);

	*out = NULL;
	if (err < 0 || !list)
		return -ENOENT;
	*out = kmod_module_get_module(list);
	kmod_module_unref_list(list);
	return 0;
}

void mc_deps_check(const struct mc_module *mod, const char *moddir,
		   struct mc_report *r)
{
	char **names = NULL, order[2048] = " ";
	int *soft = NULL, n;
	struct kmod_ctx *ctx;

	n = dep_names(mod, &names, &soft);
	if (n < 0) {
		mc_report_result(r, false, "dependencies", "out of memory");
		return;
	}
	if (!n) {
		mc_report_result(r, true, "dependencies", "none");
		return;
	}
	if (!moddir) {
		mc_report_skip(r, "dependencies",
			       "the module has dependencies but no modules folder of the target was given (--moddir)");
		free_names(names, soft, n);
		return;
	}
	ctx = mc_deps_ctx(moddir);
	if (!ctx) {
		mc_report_result(r, false, "dependencies", "libkmod cannot read %s",
				 moddir);
		free_names(names, soft, n);
		return;
	}
	for (int i = 0; i < n; i++) {
		struct kmod_module *m;

		if (lookup(ctx, names[i], &m)) {
			if (soft[i]) {
				mc_report_diag(r, "soft dependency %s: not in %s (modprobe would go on without it)",
					       names[i], moddir);
				continue;
			}
			mc_report_result(r, false, "dependencies",
					 "depends on %s, which the kernel has neither built in nor as a module in %s",
					 names[i], moddir);
			goto out;
		}
		if (kmod_module_get_path(m))
			add_in_order(m, order, sizeof(order));
		else
			mc_report_diag(r, "%s is built into the kernel", names[i]);
		kmod_module_unref(m);
	}
	strncat(order, mc_modinfo_get(mod, "name") ? mc_modinfo_get(mod, "name") : "(module)",
		sizeof(order) - strlen(order) - 1);
	mc_report_result(r, true, "dependencies", "load order:%s", order);
out:
	kmod_unref(ctx);
	free_names(names, soft, n);
}

/*
 * Insert the module called name with its own dependencies and soft
 * dependencies, as modprobe would; one already loaded is fine. A name the
 * kernel has no module for is -ENOENT, or 0 when optional.
 */
static int load_by_name(struct kmod_ctx *ctx, const char *name, bool optional)
{
	struct kmod_module *m;
	int err;

	if (lookup(ctx, name, &m))
		return optional ? 0 : -ENOENT;
	err = kmod_module_probe_insert_module(m, 0, NULL, NULL, NULL, NULL);
	kmod_module_unref(m);
	return err == -EEXIST ? 0 : err;
}

int mc_deps_load(const struct mc_module *mod, struct kmod_ctx *ctx,
		 char *failed, size_t len)
{
	char **names = NULL;
	int *soft = NULL, n, err = 0;

	n = dep_names(mod, &names, &soft);
	if (n < 0)
		return n;
	for (int i = 0; i < n && !err; i++) {
		/* A soft dependency the kernel lacks is no failure. */
		err = load_by_name(ctx, names[i], soft[i]);
		if (err)
			snprintf(failed, len, "%s", names[i]);
	}
	free_names(names, soft, n);
	return err;
}

/*
 * Load the modules in list (comma-separated names) through libkmod, each
 * with its own dependencies, as modprobe would: modules the module needs
 * loaded first although nothing in it names them. 0, or a negative errno
 * with the name at fault in failed.
 */
int mc_deps_preload(const char *list, struct kmod_ctx *ctx, char *failed,
		    size_t len)
{
	char *copy = strdup(list), *save = NULL, *tok;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok && !err;
	     tok = strtok_r(NULL, ",", &save)) {
		err = load_by_name(ctx, tok, false);
		if (err)
			snprintf(failed, len, "%s", tok);
	}
	free(copy);
	return err;
}
