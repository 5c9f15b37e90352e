// SPDX-License-Identifier: GPL-2.0-only
/*
 * .modinfo is a run of NUL-terminated "key=value" strings, with NUL padding
 * between them. Lookups never read past modinfo_size, terminated or not.
 */
#include <string.h>

#include "modcheck.h"

const char *mc_modinfo_next(const struct mc_module *mod, const char *key,
			    size_t *iter)
{
	size_t klen = strlen(key);

	while (*iter < mod->modinfo_size) {
		const char *s = mod->modinfo + *iter;
		size_t room = mod->modinfo_size - *iter;
		size_t len = strnlen(s, room);

		*iter += len + 1;
		/* An unterminated last string is corrupt: ignore it. */
		if (len == room)
			break;
		if (len > klen && !strncmp(s, key, klen) && s[klen] == '=')
			return s + klen + 1;
	}
	return NULL;
}

const char *mc_modinfo_get(const struct mc_module *mod, const char *key)
{
	size_t iter = 0;

	return mc_modinfo_next(mod, key, &iter);
}
