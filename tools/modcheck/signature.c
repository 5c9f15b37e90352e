// SPDX-License-Identifier: GPL-2.0-only
/*
 * Who signed a module, with which key and hash. elf.c finds the appended
 * signature; its PKCS#7 contents are read through libkmod, which parses
 * them as modprobe and modinfo do (and decompresses .ko.xz and friends).
 */
#include <errno.h>
#include <libkmod.h>
#include <stdio.h>
#include <string.h>

#include "modcheck.h"

int mc_signature_read(const struct mc_module *mod, struct mc_signature *sig)
{
	struct kmod_list *info = NULL, *l;
	struct kmod_module *km = NULL;
	struct kmod_ctx *ctx;
	int ret;

	memset(sig, 0, sizeof(*sig));
	if (!mod->has_signature)
		return 0;
	/* No configuration or index is needed to read one file. */
	ctx = kmod_new("/nonexistent", NULL);
	if (!ctx)
		return -ENOMEM;
	ret = kmod_module_new_from_path(ctx, mod->path, &km);
	if (!ret)
		ret = kmod_module_get_info(km, &info);
	if (ret < 0)
		goto out;
	ret = 0;
	kmod_list_foreach(l, info) {
		const char *key = kmod_module_info_get_key(l);
		const char *value = kmod_module_info_get_value(l);

		if (!value)
			continue;
		if (!strcmp(key, "signer"))
			snprintf(sig->signer, sizeof(sig->signer), "%s", value);
		else if (!strcmp(key, "sig_key"))
			snprintf(sig->key_id, sizeof(sig->key_id), "%s", value);
		else if (!strcmp(key, "sig_hashalgo"))
			snprintf(sig->hash, sizeof(sig->hash), "%s", value);
		else if (!strcmp(key, "sig_id"))
			snprintf(sig->type, sizeof(sig->type), "%s", value);
	}
out:
	kmod_module_info_free_list(info);
	if (km)
		kmod_module_unref(km);
	kmod_unref(ctx);
	return ret;
}
