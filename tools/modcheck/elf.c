// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a module file: the whole file into memory, the signature trailer
 * split off, then libelf over the ELF part. Everything after this trusts
 * only what was bounds-checked here, because .ko files are untrusted input.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modcheck.h"

/* The kernel's marker at the very end of a signed module. */
static const char sig_magic[] = "~Module signature appended~\n";
#define SIG_MAGIC_LEN (sizeof(sig_magic) - 1)
/* struct module_signature: 5 bytes, 3 pad, then a big-endian length. */
#define SIG_INFO_LEN 12

static int read_file(const char *path, unsigned char **data, size_t *size,
		     struct mc_err *err)
{
	struct stat st;
	unsigned char *buf;
	size_t done = 0;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		mc_err_set(err, "%s: %s", path, strerror(errno));
		return ret;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		mc_err_set(err, "%s: not a regular file", path);
		close(fd);
		return -EINVAL;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		close(fd);
		mc_err_set(err, "%s: out of memory", path);
		return -ENOMEM;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, st.st_size - done);

		if (n <= 0) {
			ret = n ? -errno : -EIO;
			mc_err_set(err, "%s: read failed", path);
			free(buf);
			close(fd);
			return ret;
		}
		done += n;
	}
	close(fd);
	*data = buf;
	*size = done;
	return 0;
}

/* Split off "<signature><module_signature>~Module signature appended~\n". */
static int split_signature(struct mc_module *mod, struct mc_err *err)
{
	const unsigned char *info;
	uint32_t sig_len;
	size_t tail;

	mod->elf_size = mod->size;
	if (mod->size < SIG_MAGIC_LEN ||
	    memcmp(mod->data + mod->size - SIG_MAGIC_LEN, sig_magic,
		   SIG_MAGIC_LEN))
		return 0;
	tail = SIG_MAGIC_LEN + SIG_INFO_LEN;
	if (mod->size < tail) {
		mc_err_set(err, "%s: signature marker without signature",
			   mod->path);
		return -EINVAL;
	}
	info = mod->data + mod->size - tail;
	sig_len = (uint32_t)info[8] << 24 | (uint32_t)info[9] << 16 |
		  (uint32_t)info[10] << 8 | info[11];
	if (sig_len > mod->size - tail) {
		mc_err_set(err, "%s: signature length %u exceeds the file",
			   mod->path, sig_len);
		return -EINVAL;
	}
	mod->elf_size = mod->size - tail - sig_len;
	mod->has_signature = true;
	return 0;
}

/* Find .modinfo and check it is a sane string table. */
static int find_sections(struct mc_module *mod, Elf *elf, struct mc_err *err)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(elf, &shstrndx) < 0) {
		mc_err_set(err, "%s: corrupt ELF: %s", mod->path,
			   elf_errmsg(-1));
		return -EINVAL;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		const char *name;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &shdr))
			break;
		name = elf_strptr(elf, shstrndx, shdr.sh_name);
		if (!name || strcmp(name, ".modinfo"))
			continue;
		if (shdr.sh_type == SHT_NOBITS ||
		    shdr.sh_offset > mod->elf_size ||
		    shdr.sh_size > mod->elf_size - shdr.sh_offset) {
			mc_err_set(err, "%s: .modinfo lies outside the file",
				   mod->path);
			return -EINVAL;
		}
		d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size != shdr.sh_size) {
			mc_err_set(err, "%s: cannot read .modinfo", mod->path);
			return -EINVAL;
		}
		mod->modinfo = (const char *)mod->data + shdr.sh_offset;
		mod->modinfo_size = shdr.sh_size;
		return 0;
	}
	mc_err_set(err, "%s: not a kernel module (no .modinfo section)",
		   mod->path);
	return -EINVAL;
}

int mc_module_open(const char *path, struct mc_module **out,
		   struct mc_err *err)
{
	struct mc_module *mod;
	GElf_Ehdr ehdr;
	Elf *elf = NULL;
	int ret;

	mod = calloc(1, sizeof(*mod));
	if (!mod || !(mod->path = strdup(path))) {
		free(mod);
		mc_err_set(err, "%s: out of memory", path);
		return -ENOMEM;
	}
	ret = read_file(path, &mod->data, &mod->size, err);
	if (ret)
		goto fail;
	ret = mc_decompress(path, &mod->data, &mod->size, &mod->compression,
			    err);
	if (ret < 0)
		goto fail;
	if (mod->size < 4 || memcmp(mod->data, ELFMAG, SELFMAG)) {
		mc_err_set(err, "%s: not an ELF file%s", path,
			   mod->size ? "" : " (empty)");
		ret = -ENOEXEC;
		goto fail;
	}
	ret = split_signature(mod, err);
	if (ret)
		goto fail;

	elf_version(EV_CURRENT);
	elf = elf_memory((char *)mod->data, mod->elf_size);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &ehdr)) {
		mc_err_set(err, "%s: corrupt ELF header: %s", path,
			   elf_errmsg(-1));
		ret = -ENOEXEC;
		goto fail;
	}
	/* libelf would quietly see no sections in a cut file: say why. */
	if (ehdr.e_shoff > mod->elf_size ||
	    (uint64_t)ehdr.e_shnum * ehdr.e_shentsize >
	    mod->elf_size - ehdr.e_shoff) {
		mc_err_set(err, "%s: corrupt ELF: section headers lie beyond the end of the file (truncated?)",
			   path);
		ret = -ENOEXEC;
		goto fail;
	}
	if (ehdr.e_type != ET_REL) {
		mc_err_set(err, "%s: ELF type %u, a kernel module is ET_REL",
			   path, ehdr.e_type);
		ret = -ENOEXEC;
		goto fail;
	}
	mod->elf_class = gelf_getclass(elf);
	mod->machine = ehdr.e_machine;
	ret = find_sections(mod, elf, err);
	if (ret)
		goto fail;
	elf_end(elf);
	*out = mod;
	return 0;

fail:
	if (elf)
		elf_end(elf);
	mc_module_free(mod);
	return ret;
}

void mc_module_free(struct mc_module *mod)
{
	if (!mod)
		return;
	free(mod->data);
	free(mod->path);
	free(mod);
}
