/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One spelling for src/ of every kernel API that changed across the
 * supported range. Each choice is made on what a compile probe in probes/
 * answered for the target kernel (autoconf_compat.h, generated per kernel
 * release): WSLX_P_HAVE_* is 1 or 0, whatever prefix module.mk gives the
 * HAVE_* macros the module itself sees. There are no version checks here.
 */
#ifndef WSLX_COMPAT_H
#define WSLX_COMPAT_H

#include <linux/device.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/timer.h>

#include "autoconf_compat.h"

/*
 * Timers: timer_shutdown_sync() (6.2, backported to some 6.1 stables) also
 * stops a timer that re-arms itself for good. Without it, the sync delete
 * waits for a running handler and removes what it re-armed; that delete is
 * timer_delete_sync() on newer kernels and del_timer_sync() on older ones.
 */
#if WSLX_P_HAVE_TIMER_SHUTDOWN_SYNC
#define wslx_timer_shutdown_sync(t)	timer_shutdown_sync(t)
#elif WSLX_P_HAVE_TIMER_DELETE_SYNC
#define wslx_timer_shutdown_sync(t)	timer_delete_sync(t)
#else
#define wslx_timer_shutdown_sync(t)	del_timer_sync(t)
#endif

/*
 * del_timer_sync() and del_timer() became timer_delete_sync() and
 * timer_delete() in 6.2; the old names are gone from newer kernels.
 */
#if WSLX_P_HAVE_TIMER_DELETE_SYNC
#define wslx_timer_delete_sync(t)	timer_delete_sync(t)
#else
#define wslx_timer_delete_sync(t)	del_timer_sync(t)
#endif
#if WSLX_P_HAVE_TIMER_DELETE
#define wslx_timer_delete(t)	timer_delete(t)
#else
#define wslx_timer_delete(t)	del_timer(t)
#endif

/* from_timer() was renamed timer_container_of() in 6.16. */
#if WSLX_P_HAVE_TIMER_CONTAINER_OF
#define wslx_timer_container_of(var, t, field) \
	timer_container_of(var, t, field)
#else
#define wslx_timer_container_of(var, t, field)	from_timer(var, t, field)
#endif

/*
 * no_llseek was removed in 6.12, where a NULL ->llseek already means
 * "not seekable" (-ESPIPE).
 */
#if WSLX_P_HAVE_NO_LLSEEK
#define wslx_no_llseek	no_llseek
#else
#define wslx_no_llseek	NULL
#endif

/* Bounded random numbers: get_random_u32_below() replaced prandom_u32_max(). */
#if WSLX_P_HAVE_GET_RANDOM_U32_BELOW
#define wslx_random_below(n)	get_random_u32_below(n)
#else
#define wslx_random_below(n)	prandom_u32_max(n)
#endif

/* vma->vm_flags is read-only since 6.3: its setters take the vma. */
#if WSLX_P_HAVE_VM_FLAGS_SET
#define wslx_vm_flags_set(vma, flags)	vm_flags_set(vma, flags)
#define wslx_vm_flags_clear(vma, flags)	vm_flags_clear(vma, flags)
#else
#define wslx_vm_flags_set(vma, flags)	((vma)->vm_flags |= (flags))
#define wslx_vm_flags_clear(vma, flags)	((vma)->vm_flags &= ~(flags))
#endif

/*
 * A platform driver's .remove returns void since 6.11, int before:
 * "WSLX_PLATFORM_REMOVE_T x_remove(...)" ending in
 * "return WSLX_PLATFORM_REMOVE_VALUE;" builds on both.
 */
#if WSLX_P_HAVE_PLATFORM_REMOVE_VOID
#define WSLX_PLATFORM_REMOVE_T	void
#define WSLX_PLATFORM_REMOVE_VALUE
#else
#define WSLX_PLATFORM_REMOVE_T	int
#define WSLX_PLATFORM_REMOVE_VALUE	0
#endif

/* class_create() lost its owner argument in 6.4. */
#if WSLX_P_HAVE_CLASS_CREATE_ONE_ARG
#define wslx_class_create(name)	class_create(name)
#else
#define wslx_class_create(name)	class_create(THIS_MODULE, name)
#endif

/*
 * Since 6.4 the driver core passes const struct class and const struct
 * class_attribute to a class attribute's show(). Declare one with
 *	static ssize_t WSLX_CLASS_ATTR_SHOW(version) { ... }
 * and use "buf", the page to fill, in its body.
 */
#if WSLX_P_HAVE_CONST_STRUCT_CLASS
#define WSLX_CLASS_ATTR_SHOW(name)					\
	name##_show(const struct class *class,				\
		    const struct class_attribute *attr, char *buf)
#else
#define WSLX_CLASS_ATTR_SHOW(name)					\
	name##_show(struct class *class, struct class_attribute *attr,	\
		    char *buf)
#endif

#endif /* WSLX_COMPAT_H */
