// SPDX-License-Identifier: GPL-2.0-only
/*
 * A target kernel as its build tree or header tree describes it: the release
 * from include/generated/utsrelease.h and the vermagic derived from .config
 * exactly as include/linux/vermagic.h derives it.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "modcheck.h"

static char *slurp(const char *path, struct mc_err *err)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;

	if (!f) {
		mc_err_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(f);
	if (!buf)
		mc_err_set(err, "%s: out of memory", path);
	return buf;
}

const char *mc_target_config(const struct mc_target *t, const char *name,
			     char *buf, size_t len)
{
	size_t nlen = strlen(name);
	const char *p = t->config;

	while (p && *p) {
		const char *eol = strchrnul(p, '\n');

		if (!strncmp(p, "CONFIG_", 7) && !strncmp(p + 7, name, nlen) &&
		    p[7 + nlen] == '=') {
			const char *v = p + 8 + nlen;

			snprintf(buf, len, "%.*s", (int)(eol - v), v);
			return buf;
		}
		p = *eol ? eol + 1 : eol;
	}
	return NULL;
}

static bool config_on(const struct mc_target *t, const char *name)
{
	char buf[16];
	const char *v = mc_target_config(t, name, buf, sizeof(buf));

	return v && !strcmp(v, "y");
}

/* A "#define NAME "value"" line of a generated header, or NULL. */
static char *header_string(const char *path, const char *name,
			   struct mc_err *err)
{
	char *text = slurp(path, err), *p, *end, *val = NULL;
	char key[128];

	if (!text)
		return NULL;
	snprintf(key, sizeof(key), "#define %s \"", name);
	p = strstr(text, key);
	if (p) {
		p += strlen(key);
		end = strchr(p, '"');
		if (end)
			val = strndup(p, end - p);
	}
	if (!val)
		mc_err_set(err, "%s: no %s", path, name);
	free(text);
	return val;
}

/* MODULE_ARCH_VERMAGIC: empty on x86_64, "aarch64" on arm64. */
static int arch_model(struct mc_target *t, const char **arch_magic,
		      struct mc_err *err)
{
	if (config_on(t, "X86_64")) {
		t->machine = EM_X86_64;
		*arch_magic = "";
	} else if (config_on(t, "ARM64")) {
		t->machine = EM_AARCH64;
		*arch_magic = "aarch64";
	} else {
		mc_err_set(err, "%s/.config: architecture not supported (x86_64 and arm64 are)",
			   t->kdir);
		return -ENOTSUP;
	}
	return 0;
}

static int build_vermagic(struct mc_target *t, struct mc_err *err)
{
	const char *arch_magic, *preempt = "";
	char *seed = NULL, path[4096];
	int ret;

	ret = arch_model(t, &arch_magic, err);
	if (ret)
		return ret;
	if (config_on(t, "PREEMPT_RT"))
		preempt = "preempt_rt ";
	else if (config_on(t, "PREEMPT_BUILD") || config_on(t, "PREEMPT"))
		preempt = "preempt ";
	/* Structure layout randomisation adds its seed's hash (5.x and 6.x). */
	if (config_on(t, "RANDSTRUCT") || config_on(t, "GCC_PLUGIN_RANDSTRUCT")) {
		snprintf(path, sizeof(path),
			 "%s/include/generated/randstruct_hash.h", t->kdir);
		seed = header_string(path, "RANDSTRUCT_HASHED_SEED", err);
		if (!seed)
			return -ENOENT;
	}
	ret = asprintf(&t->vermagic, "%s %s%s%s%s%s%s%s", t->release,
		       config_on(t, "SMP") ? "SMP " : "", preempt,
		       config_on(t, "MODULE_UNLOAD") ? "mod_unload " : "",
		       config_on(t, "MODVERSIONS") ? "modversions " : "",
		       arch_magic,
		       seed ? (config_on(t, "RANDSTRUCT") ? "RANDSTRUCT_" :
			       "RANDSTRUCT_PLUGIN_") : "",
		       seed ? seed : "");
	free(seed);
	if (ret < 0) {
		t->vermagic = NULL;
		mc_err_set(err, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

int mc_target_from_kdir(const char *kdir, struct mc_target **out,
			struct mc_err *err)
{
	struct mc_target *t;
	char path[4096];
	int ret = -ENOENT;

	t = calloc(1, sizeof(*t));
	if (!t || !(t->kdir = strdup(kdir))) {
		free(t);
		mc_err_set(err, "out of memory");
		return -ENOMEM;
	}
	snprintf(path, sizeof(path), "%s/include/generated/utsrelease.h", kdir);
	t->release = header_string(path, "UTS_RELEASE", err);
	if (!t->release)
		goto fail;
	snprintf(path, sizeof(path), "%s/.config", kdir);
	t->config = slurp(path, err);
	if (!t->config)
		goto fail;
	ret = build_vermagic(t, err);
	if (ret)
		goto fail;
	snprintf(path, sizeof(path), "%s/Module.symvers", kdir);
	ret = mc_symvers_load(path, &t->symvers, err);
	if (ret)
		goto fail;
	*out = t;
	return 0;

fail:
	mc_target_free(t);
	return ret;
}

void mc_target_free(struct mc_target *t)
{
	if (!t)
		return;
	free(t->kdir);
	free(t->release);
	free(t->config);
	free(t->vermagic);
	mc_symvers_free(t->symvers);
	free(t);
}

/* The build tree of the running kernel. */
int mc_target_running(char *buf, size_t len, struct mc_err *err)
{
	struct utsname u;
	struct stat st;

	if (uname(&u)) {
		mc_err_set(err, "uname: %s", strerror(errno));
		return -errno;
	}
	snprintf(buf, len, "/lib/modules/%s/build", u.release);
	if (stat(buf, &st) || !S_ISDIR(st.st_mode)) {
		mc_err_set(err, "--running: no build tree for the running kernel %s (%s; install its headers)",
			   u.release, buf);
		return -ENOENT;
	}
	return 0;
}

/*
 * The target's modules folder, for dependencies, when --moddir names none:
 * the running kernel's, or, for a Debian header tree unpacked from its
 * packages, the image's lib/modules/<release> beside it. NULL when none
 * has a modules.dep.
 */
const char *mc_target_moddir(const char *kdir, bool running,
			     const char *release, char *buf, size_t len)
{
	char dep[4200];
	struct stat st;
	int n;

	if (running)
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
