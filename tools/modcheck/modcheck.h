/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libmodcheck: read a kernel module file, model a target kernel, and say
 * whether the module will load there. Functions return 0 or a negative
 * errno and, on failure, leave a one-line reason in the caller's mc_err.
 */
#ifndef MODCHECK_H
#define MODCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes of the modcheck command (documented in --help and README). */
enum mc_exit {
	MC_EXIT_OK = 0,		/* every check passed */
	MC_EXIT_FAIL = 1,	/* a check failed: will not load, or smoke failed */
	MC_EXIT_USAGE = 2,	/* bad command line */
	MC_EXIT_READ = 3,	/* a module or kernel tree could not be read */
};

struct mc_err {
	char msg[512];
};

/*
 * The most modcheck reads of a module, file or decompressed: more is refused
 * with an error instead of costing that much memory (the largest modules,
 * with debug information, stay well below it).
 */
#define MC_MAX_MODULE_SIZE (512UL << 20)

void mc_err_set(struct mc_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An entry of the module's __versions table: the CRC it was built against. */
struct mc_version {
	uint32_t crc;
	char *name;
};

/* elf.c: a module file held in memory. */
struct mc_module {
	char *path;
	unsigned char *data;	/* the whole file */
	size_t size;
	size_t elf_size;	/* size without an appended signature */
	bool has_signature;
	const char *compression;	/* "xz", "zstd", "gzip" or NULL */
	int elf_class;		/* ELFCLASS32 / ELFCLASS64 */
	unsigned int machine;	/* EM_* */
	const char *modinfo;	/* .modinfo: NUL-separated key=value */
	size_t modinfo_size;
	struct mc_version *versions;	/* __versions, if built with them */
	size_t n_versions;
	char **undefined;	/* global undefined symbols, weak ones left out */
	size_t n_undefined;
};

int mc_module_open(const char *path, struct mc_module **out,
		   struct mc_err *err);
/* The same from bytes in memory: DATA is malloc'd and owned from now on. */
int mc_module_from_memory(const char *path, unsigned char *data, size_t size,
			  struct mc_module **out, struct mc_err *err);
void mc_module_free(struct mc_module *mod);

/*
 * decompress.c: if *data holds an xz, zstd or gzip stream, replace it with
 * the decompressed bytes and set *kind. Returns 1 if it did, 0 if not
 * compressed, or a negative errno with err set.
 */
int mc_decompress(const char *path, unsigned char **data, size_t *size,
		  const char **kind, struct mc_err *err);

/* signature.c: the signer of an appended signature, read through libkmod. */
struct mc_signature {
	char type[16];		/* "PKCS#7" */
	char signer[256];
	char key_id[128];
	char hash[32];
};

int mc_signature_read(const struct mc_module *mod, struct mc_signature *sig);

/* modinfo.c: values of .modinfo keys; *iter walks repeated keys. */
const char *mc_modinfo_next(const struct mc_module *mod, const char *key,
			    size_t *iter);
const char *mc_modinfo_get(const struct mc_module *mod, const char *key);

/* symvers.c: a kernel's Module.symvers. */
struct mc_export {
	const char *name;
	uint32_t crc;
	const char *owner;	/* "vmlinux" or the exporting module's path */
	bool gpl_only;
	const char *ns;		/* symbol namespace, or NULL */
};

struct mc_symvers;
int mc_symvers_load(const char *path, struct mc_symvers **out,
		    struct mc_err *err);
const struct mc_export *mc_symvers_find(const struct mc_symvers *sv,
					const char *name);
size_t mc_symvers_count(const struct mc_symvers *sv);
void mc_symvers_free(struct mc_symvers *sv);

/* target.c: a kernel described by its build tree or header tree. */
struct mc_target {
	char *kdir;
	char *release;
	char *config;		/* contents of .config */
	char *vermagic;		/* computed as the kernel's vermagic.h does */
	unsigned int machine;	/* EM_* of the kernel's architecture */
	struct mc_symvers *symvers;	/* Module.symvers */
};

int mc_target_from_kdir(const char *kdir, struct mc_target **out,
			struct mc_err *err);
void mc_target_free(struct mc_target *t);
/* The running kernel's build tree into BUF; 0, or a negative errno and ERR. */
int mc_target_running(char *buf, size_t len, struct mc_err *err);
/* The target's modules folder (with modules.dep), or NULL. */
const char *mc_target_moddir(const char *kdir, bool running,
			     const char *release, char *buf, size_t len);
/* The value of CONFIG_<name> ("y", "m", "\"str\"", ...) or NULL. */
const char *mc_target_config(const struct mc_target *t, const char *name,
			     char *buf, size_t len);

/* report.c: KTAP, JSON or human-readable results. */
struct mc_result {
	char *name;
	char *status;		/* "ok", "fail" or "skip" */
	char *detail;		/* or NULL */
};

struct mc_report {
	bool ktap;
	bool json;		/* collect, print one document at the end */
	const char *command;	/* for the JSON document */
	const char *module;
	struct mc_result *results;
	char **diags;
	size_t n_diags;
	int planned;
	int number;
	int failed;
	char first_failure[600];	/* "name: reason" of the first failure */
};

void mc_report_begin(struct mc_report *r, int planned);
void mc_report_diag(struct mc_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mc_report_result(struct mc_report *r, bool ok, const char *name,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void mc_report_skip(struct mc_report *r, const char *name, const char *why);
/* Print what was collected (JSON mode) and free it. */
void mc_report_end(struct mc_report *r);

/*
 * deps.c: depends= and softdep= resolved through libkmod against a
 * kernel's modules folder (modules.dep and friends): a "dependencies"
 * result with the load order; and, in the guest, loading them first.
 */
struct kmod_ctx;
struct kmod_ctx *mc_deps_ctx(const char *moddir);
void mc_deps_check(const struct mc_module *mod, const char *moddir,
		   struct mc_report *r);
int mc_deps_load(const struct mc_module *mod, struct kmod_ctx *ctx,
		 char *failed, size_t len);
int mc_deps_preload(const char *list, struct kmod_ctx *ctx, char *failed,
		    size_t len);

/* verify.c: checks of a module against a target, before any load. */
int mc_verify(const struct mc_module *mod, const struct mc_target *t,
	      const char *moddir, struct mc_report *r);

/* info.c: print what the module says about itself. */
int mc_info(const struct mc_module *mod);

/* smoke.c: load and unload in the running kernel (inside a test guest). */
struct mc_smoke_opts {
	const char *params;	/* module parameters, or NULL */
	const char *run;	/* shell command to run while loaded, or NULL */
	int repeat;		/* load/unload cycles in all (at least 1) */
	bool no_deps;		/* do not load dependencies first */
	const char *moddir;	/* modules folder, default /lib/modules/$(uname -r) */
	const char *preload;	/* modules to load first, comma-separated, or NULL */
};

int mc_smoke(const struct mc_module *mod, const struct mc_smoke_opts *opts,
	     struct mc_report *r);

#endif /* MODCHECK_H */
