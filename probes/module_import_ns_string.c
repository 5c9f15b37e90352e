// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: HAVE_MODULE_IMPORT_NS_STRING
 * kind: compile
 * group: core
 * since: 6.13 (symbol namespaces are string literals)
 * expect: 5.10=no 6.1=no 6.12=no 7.2=yes
 * why: MODULE_IMPORT_NS(FOO) became MODULE_IMPORT_NS("FOO"); both compile before 6.13
 */
#include <linux/module.h>

/*
 * Catch the modinfo string MODULE_IMPORT_NS() builds: "NS" itself since
 * 6.13, the quoted "\"NS\"" before, because it stringified its argument.
 * push/pop keep the redefinition from leaking into other probes compiled
 * in the same translation unit.
 */
#pragma push_macro("MODULE_INFO")
#undef MODULE_INFO
#define MODULE_INFO(tag, info) const char wslx_probe_##tag[] = info

MODULE_IMPORT_NS("NS");
static_assert(sizeof(wslx_probe_import_ns) == 3, "namespace is stringified");

#pragma pop_macro("MODULE_INFO")
