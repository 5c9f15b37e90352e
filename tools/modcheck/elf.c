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
	if ((unsigned long long)st.st_size > MC_MAX_MODULE_SIZE) {
		mc_err_set(err, "%s: %lld bytes, more than the %lu MiB modcheck reads of a module",
			   path, (long long)st.st_size, MC_MAX_MODULE_SIZE >> 20);
		close(fd);
		return -EFBIG;
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

/*
 * Bounds of a section's bytes inside the ELF image, or -EINVAL. libelf
 * checks too, but a clear message names the section.
 */
static int section_bounds(struct mc_module *mod, const GElf_Shdr *shdr,
			  const char *name, struct mc_err *err)
{
	if (shdr->sh_type == SHT_NOBITS || shdr->sh_offset > mod->elf_size ||
	    shdr->sh_size > mod->elf_size - shdr->sh_offset) {
		mc_err_set(err, "%s: %s lies outside the file", mod->path, name);
		return -EINVAL;
	}
	return 0;
}

/*
 * __versions: struct modversion_info { unsigned long crc; char name[]; },
 * 64 bytes an entry on every architecture, the name NUL-terminated.
 */
#define MODVERSION_SIZE 64

static int read_versions(struct mc_module *mod, const GElf_Shdr *shdr,
			 struct mc_err *err)
{
	size_t crc_size = mod->elf_class == ELFCLASS64 ? 8 : 4;
	const unsigned char *p = mod->data + shdr->sh_offset;
	size_t n = shdr->sh_size / MODVERSION_SIZE;

	if (shdr->sh_size % MODVERSION_SIZE) {
		mc_err_set(err, "%s: __versions is not a whole number of %d-byte entries",
			   mod->path, MODVERSION_SIZE);
		return -EINVAL;
	}
	mod->versions = calloc(n ? n : 1, sizeof(*mod->versions));
	if (!mod->versions)
		goto nomem;
	for (size_t i = 0; i < n; i++, p += MODVERSION_SIZE) {
		const char *name = (const char *)p + crc_size;
		size_t len = strnlen(name, MODVERSION_SIZE - crc_size);

		if (len == MODVERSION_SIZE - crc_size) {
			mc_err_set(err, "%s: __versions entry %zu has an unterminated name",
				   mod->path, i);
			return -EINVAL;
		}
		/* CRCs are 32-bit values; modules are little-endian here. */
		mod->versions[i].crc = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
				       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		mod->versions[i].name = strndup(name, len);
		if (!mod->versions[i].name)
			goto nomem;
		mod->n_versions++;
	}
	return 0;
nomem:
	mc_err_set(err, "%s: out of memory", mod->path);
	return -ENOMEM;
}

/* Global, non-weak undefined symbols: what the kernel must resolve. */
static int read_undefined(struct mc_module *mod, Elf *elf, Elf_Scn *scn,
			  const GElf_Shdr *shdr, struct mc_err *err)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n;

	if (!d || !shdr->sh_entsize) {
		mc_err_set(err, "%s: cannot read the symbol table", mod->path);
		return -EINVAL;
	}
	n = shdr->sh_size / shdr->sh_entsize;
	mod->undefined = calloc(n ? n : 1, sizeof(*mod->undefined));
	if (!mod->undefined) {
		mc_err_set(err, "%s: out of memory", mod->path);
		return -ENOMEM;
	}
	for (size_t i = 1; i < n; i++) {
		const char *name;
		GElf_Sym sym;

		if (!gelf_getsym(d, i, &sym)) {
			mc_err_set(err, "%s: corrupt symbol %zu", mod->path, i);
			return -EINVAL;
		}
		if (sym.st_shndx != SHN_UNDEF || GELF_ST_BIND(sym.st_info) != STB_GLOBAL)
			continue;
		name = elf_strptr(elf, shdr->sh_link, sym.st_name);
		if (!name) {
			mc_err_set(err, "%s: symbol %zu has a name outside its string table",
				   mod->path, i);
			return -EINVAL;
		}
		if (!*name)
			continue;
		mod->undefined[mod->n_undefined] = strdup(name);
		if (!mod->undefined[mod->n_undefined++]) {
			mc_err_set(err, "%s: out of memory", mod->path);
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * Walk the sections once: .modinfo (required), __versions, .symtab. Like
 * the kernel's loader, take the first section of each name; a crafted file
 * may carry more (the fuzzer found one with two __versions).
 */
static int find_sections(struct mc_module *mod, Elf *elf, struct mc_err *err)
{
	bool have_symtab = false;
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	int ret;

	if (elf_getshdrstrndx(elf, &shstrndx) < 0) {
		mc_err_set(err, "%s: corrupt ELF: %s", mod->path,
			   elf_errmsg(-1));
		return -EINVAL;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		const char *name;

		if (!gelf_getshdr(scn, &shdr)) {
			mc_err_set(err, "%s: corrupt section header", mod->path);
			return -EINVAL;
		}
		name = elf_strptr(elf, shstrndx, shdr.sh_name);
		if (!name)
			continue;
		if (!strcmp(name, ".modinfo") && !mod->modinfo) {
			ret = section_bounds(mod, &shdr, name, err);
			if (ret)
				return ret;
			mod->modinfo = (const char *)mod->data + shdr.sh_offset;
			mod->modinfo_size = shdr.sh_size;
		} else if (!strcmp(name, "__versions") && !mod->versions) {
			ret = section_bounds(mod, &shdr, name, err);
			if (!ret)
				ret = read_versions(mod, &shdr, err);
			if (ret)
				return ret;
		} else if (shdr.sh_type == SHT_SYMTAB && !have_symtab) {
			ret = section_bounds(mod, &shdr, ".symtab", err);
			if (!ret)
				ret = read_undefined(mod, elf, scn, &shdr, err);
			if (ret)
				return ret;
			have_symtab = true;
		}
	}
	if (!mod->modinfo) {
		mc_err_set(err, "%s: not a kernel module (no .modinfo section)",
			   mod->path);
		return -EINVAL;
	}
	return 0;
}

/*
 * Take a module file's bytes (a malloc'd buffer, owned from now on, freed
 * on error too) and parse them. The fuzzer enters here.
 */
int mc_module_from_memory(const char *path, unsigned char *data, size_t size,
			  struct mc_module **out, struct mc_err *err)
{
	struct mc_module *mod;
	GElf_Ehdr ehdr;
	Elf *elf = NULL;
	int ret;

	mod = calloc(1, sizeof(*mod));
	if (!mod || !(mod->path = strdup(path))) {
		free(mod);
		free(data);
		mc_err_set(err, "%s: out of memory", path);
		return -ENOMEM;
	}
	mod->data = data;
	mod->size = size;
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

int mc_module_open(const char *path, struct mc_module **out,
		   struct mc_err *err)
{
	unsigned char *data = NULL;
	size_t size = 0;
	int ret;

	ret = read_file(path, &data, &size, err);
	if (ret)
		return ret;
	return mc_module_from_memory(path, data, size, out, err);
}

void mc_module_free(struct mc_module *mod)
{
	if (!mod)
		return;
	for (size_t i = 0; i < mod->n_versions; i++)
		free(mod->versions[i].name);
	free(mod->versions);
	for (size_t i = 0; i < mod->n_undefined; i++)
		free(mod->undefined[i]);
	free(mod->undefined);
	free(mod->data);
	free(mod->path);
	free(mod);
}
