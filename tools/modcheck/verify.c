// SPDX-License-Identifier: GPL-2.0-only
/*
 * Will this module load into that kernel? Checked on the host, before any
 * load, in the order that names the real problem first. A wrong-kernel
 * module fails in the kernel with a bare "Exec format error" from a symbol
 * CRC or the this_module size, long before the vermagic comparison that
 * would have named the problem; a missing or GPL-only symbol says only
 * "Unknown symbol" in the kernel log.
 */
#include <stdio.h>
#include <string.h>

#include "modcheck.h"

/* What every check reads: the module, the target, its modules folder. */
struct verify_ctx {
	const struct mc_module *mod;
	const struct mc_target *t;
	const char *moddir;
};

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

static bool config_is(const struct mc_target *t, const char *name,
		      const char *value)
{
	char buf[16];
	const char *v = mc_target_config(t, name, buf, sizeof(buf));

	return v && !strcmp(v, value);
}

/* The licences the kernel's license_is_gpl_compatible() accepts. */
static bool licence_is_gpl(const char *licence)
{
	static const char *const gpl[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL", NULL,
	};

	for (int i = 0; licence && gpl[i]; i++)
		if (!strcmp(licence, gpl[i]))
			return true;
	return false;
}

static bool imports_ns(const struct mc_module *mod, const char *ns)
{
	size_t iter = 0;
	const char *v;

	while ((v = mc_modinfo_next(mod, "import_ns", &iter)))
		if (!strcmp(v, ns))
			return true;
	return false;
}

static void check_arch(const struct verify_ctx *c, struct mc_report *r)
{
	const struct mc_module *mod = c->mod;
	const struct mc_target *t = c->t;

	mc_report_result(r, mod->machine == t->machine, "architecture",
			 "module is %s (ELF machine %u), kernel is %s",
			 machine_name(mod->machine), mod->machine,
			 machine_name(t->machine));
}

static void check_vermagic(const struct verify_ctx *c, struct mc_report *r)
{
	const struct mc_module *mod = c->mod;
	const struct mc_target *t = c->t;

	const char *vermagic = mc_modinfo_get(mod, "vermagic");

	if (!vermagic)
		mc_report_result(r, false, "vermagic", "module has no vermagic");
	else if (strcmp(vermagic, t->vermagic))
		mc_report_result(r, false, "vermagic",
				 "module vermagic \"%s\" does not match kernel vermagic \"%s\"",
				 vermagic, t->vermagic);
	else
		mc_report_result(r, true, "vermagic", NULL);
}

/* Every __versions CRC against the exporter's CRC in Module.symvers. */
static void check_modversions(const struct verify_ctx *c, struct mc_report *r)
{
	const struct mc_module *mod = c->mod;
	const struct mc_target *t = c->t;

	const struct mc_version *first = NULL;
	const struct mc_export *first_e = NULL;
	size_t bad = 0;

	if (!config_is(t, "MODVERSIONS", "y")) {
		mc_report_result(r, true, "modversions",
				 "kernel has no CONFIG_MODVERSIONS: CRCs are not checked");
		return;
	}
	if (!mod->n_versions) {
		mc_report_result(r, config_is(t, "MODULE_FORCE_LOAD", "y"),
				 "modversions",
				 "module has no __versions table and the kernel has CONFIG_MODVERSIONS");
		return;
	}
	for (size_t i = 0; i < mod->n_versions; i++) {
		const struct mc_version *v = &mod->versions[i];
		const struct mc_export *e = mc_symvers_find(t->symvers, v->name);

		if (!e || e->crc == v->crc)
			continue;
		if (!bad++) {
			first = v;
			first_e = e;
		} else {
			mc_report_diag(r, "also: %s: module 0x%08x, kernel 0x%08x",
				       v->name, v->crc, e->crc);
		}
	}
	if (bad)
		mc_report_result(r, false, "modversions",
				 "symbol %s: module was built against CRC 0x%08x, %s exports 0x%08x (%zu of %zu CRCs differ)",
				 first->name, first->crc, first_e->owner,
				 first_e->crc, bad, mod->n_versions);
	else
		mc_report_result(r, true, "modversions", "%zu CRCs match",
				 mod->n_versions);
}

/* Each undefined symbol must be exported by vmlinux or an in-tree module. */
static void check_symbols(const struct verify_ctx *c, struct mc_report *r)
{
	const struct mc_module *mod = c->mod;
	const struct mc_target *t = c->t;

	const char *first = NULL;
	size_t missing = 0;

	for (size_t i = 0; i < mod->n_undefined; i++) {
		if (mc_symvers_find(t->symvers, mod->undefined[i]))
			continue;
		if (!missing++)
			first = mod->undefined[i];
		else
			mc_report_diag(r, "also unresolved: %s", mod->undefined[i]);
	}
	if (missing)
		mc_report_result(r, false, "symbols",
				 "unresolved symbol %s: the kernel exports no such symbol (%zu unresolved)",
				 first, missing);
	else
		mc_report_result(r, true, "symbols", "%zu undefined symbols, all exported",
				 mod->n_undefined);
}

/* A module whose licence is not GPL-compatible cannot use GPL-only symbols. */
static void check_licence(const struct verify_ctx *c, struct mc_report *r)
{
	const struct mc_module *mod = c->mod;
	const struct mc_target *t = c->t;

	const char *licence = mc_modinfo_get(mod, "license");

	if (licence_is_gpl(licence)) {
		mc_report_result(r, true, "licence", "\"%s\" is GPL-compatible",
				 licence);
		return;
	}
	for (size_t i = 0; i < mod->n_undefined; i++) {
		const struct mc_export *e =
			mc_symvers_find(t->symvers, mod->undefined[i]);

		if (e && e->gpl_only) {
			mc_report_result(r, false, "licence",
					 "licence \"%s\" is not GPL-compatible, but the module uses GPL-only symbol %s",
					 licence ? licence : "(none)", e->name);
			return;
		}
	}
	mc_report_result(r, true, "licence",
			 "\"%s\" is not GPL-compatible; no GPL-only symbols used",
			 licence ? licence : "(none)");
}

/* Namespaced symbols need MODULE_IMPORT_NS() of their namespace. */
static void check_namespaces(const struct verify_ctx *c, struct mc_report *r)
{
	const struct mc_module *mod = c->mod;
	const struct mc_target *t = c->t;

	bool enforced = !config_is(t, "MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS", "y");

	for (size_t i = 0; i < mod->n_undefined; i++) {
		const struct mc_export *e =
			mc_symvers_find(t->symvers, mod->undefined[i]);

		if (e && e->ns && !imports_ns(mod, e->ns)) {
			mc_report_result(r, !enforced, "namespaces",
					 "symbol %s is in namespace %s, which the module does not import (MODULE_IMPORT_NS)",
					 e->name, e->ns);
			return;
		}
	}
	mc_report_result(r, true, "namespaces", NULL);
}

static void check_signature(const struct verify_ctx *c, struct mc_report *r)
{
	const struct mc_module *mod = c->mod;
	const struct mc_target *t = c->t;

	struct mc_signature sig;

	if (mod->has_signature) {
		mc_signature_read(mod, &sig);
		mc_report_result(r, true, "signature",
				 "signed by \"%s\" (%s, key %s)",
				 sig.signer[0] ? sig.signer : "(unknown)",
				 sig.hash[0] ? sig.hash : "unknown hash",
				 sig.key_id[0] ? sig.key_id : "unknown");
	}
	else if (config_is(t, "MODULE_SIG_FORCE", "y"))
		mc_report_result(r, false, "signature",
				 "module is unsigned and the kernel has CONFIG_MODULE_SIG_FORCE");
	else
		mc_report_result(r, true, "signature",
				 "unsigned; the kernel accepts it (and taints)");
}

static void check_dependencies(const struct verify_ctx *c, struct mc_report *r)
{
	mc_deps_check(c->mod, c->moddir, r);
}

/*
 * The checks, in the order that names the real problem first; each reports
 * exactly one result, so the plan is the table's length.
 */
static void (*const checks[])(const struct verify_ctx *, struct mc_report *) = {
	check_arch, check_vermagic, check_modversions, check_symbols,
	check_licence, check_namespaces, check_signature, check_dependencies,
};

int mc_verify(const struct mc_module *mod, const struct mc_target *t,
	      const char *moddir, struct mc_report *r)
{
	const struct verify_ctx c = { .mod = mod, .t = t, .moddir = moddir };
	const char *vermagic = mc_modinfo_get(mod, "vermagic");

	mc_report_begin(r, (int)(sizeof(checks) / sizeof(checks[0])));
	mc_report_diag(r, "module %s: vermagic \"%s\"", mod->path,
		       vermagic ? vermagic : "(none)");
	mc_report_diag(r, "kernel %s: vermagic \"%s\"", t->kdir, t->vermagic);
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		checks[i](&c, r);
	return r->failed ? -1 : 0;
}
