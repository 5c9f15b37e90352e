// SPDX-License-Identifier: GPL-2.0-only
/*
 * A kernel's Module.symvers: every symbol exported to modules, with its
 * CRC, the module (or vmlinux) exporting it, whether it is GPL-only and its
 * namespace. Lines are "0xCRC\tname\towner\tEXPORT_SYMBOL[_GPL]\tnamespace".
 * Held in an open-addressing hash table: a module asks for ~100 of ~27000.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modcheck.h"

struct mc_symvers {
	char *text;		/* the file, split in place */
	struct mc_export *slots;
	size_t nslots;		/* a power of two */
	size_t count;
};

static size_t hash_name(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static struct mc_export *slot_for(const struct mc_symvers *sv,
				  const char *name)
{
	size_t i = hash_name(name) & (sv->nslots - 1);

	while (sv->slots[i].name && strcmp(sv->slots[i].name, name))
		i = (i + 1) & (sv->nslots - 1);
	return &sv->slots[i];
}

const struct mc_export *mc_symvers_find(const struct mc_symvers *sv,
					const char *name)
{
	const struct mc_export *e = slot_for(sv, name);

	return e->name ? e : NULL;
}

size_t mc_symvers_count(const struct mc_symvers *sv)
{
	return sv->count;
}

/* Split one line into its tab-separated fields; returns how many. */
static int split_fields(char *line, char **fields, int max)
{
	int n = 0;

	while (n < max) {
		fields[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

int mc_symvers_load(const char *path, struct mc_symvers **out,
		    struct mc_err *err)
{
	struct mc_symvers *sv;
	size_t lines = 0, len = 0, lineno = 0;
	char *p, *next;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		mc_err_set(err, "%s: %s", path, strerror(errno));
		return -errno;
	}
	sv = calloc(1, sizeof(*sv));
	if (!sv || getdelim(&sv->text, &len, '\0', f) < 0) {
		fclose(f);
		if (sv)
			free(sv->text);
		free(sv);
		mc_err_set(err, "%s: cannot read", path);
		return -EIO;
	}
	fclose(f);
	for (p = sv->text; *p; p++)
		lines += *p == '\n';
	for (sv->nslots = 1024; sv->nslots < 2 * (lines + 1); sv->nslots *= 2)
		;
	sv->slots = calloc(sv->nslots, sizeof(*sv->slots));
	if (!sv->slots) {
		mc_symvers_free(sv);
		mc_err_set(err, "%s: out of memory", path);
		return -ENOMEM;
	}
	for (p = sv->text; *p; p = next) {
		char *fields[5] = { NULL }, *end;
		struct mc_export *e;
		unsigned long crc;
		int n;

		lineno++;
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		else
			next = p + strlen(p);
		if (!*p)
			continue;
		n = split_fields(p, fields, 5);
		crc = strtoul(fields[0], &end, 16);
		if (n < 4 || *end || !*fields[1]) {
			mc_err_set(err, "%s:%zu: not a Module.symvers line", path,
				   lineno);
			mc_symvers_free(sv);
			return -EINVAL;
		}
		e = slot_for(sv, fields[1]);
		if (!e->name)
			sv->count++;
		e->name = fields[1];
		e->crc = (uint32_t)crc;
		e->owner = fields[2];
		e->gpl_only = !strcmp(fields[3], "EXPORT_SYMBOL_GPL");
		e->ns = n >= 5 && *fields[4] ? fields[4] : NULL;
	}
	*out = sv;
	return 0;
}

void mc_symvers_free(struct mc_symvers *sv)
{
	if (!sv)
		return;
	free(sv->slots);
	free(sv->text);
	free(sv);
}
