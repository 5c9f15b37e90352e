// SPDX-License-Identifier: GPL-2.0-only
// probe: HAVE_TIMER_DELETE_SYNC
// fixes: del_timer_sync timer_delete_sync
// shim: wslx_timer_delete_sync() in compat/compat.h
// what: del_timer_sync(t) and timer_delete_sync(t) become wslx_timer_delete_sync(t)
@@
expression t;
@@
(
- del_timer_sync(t)
+ wslx_timer_delete_sync(t)
|
- timer_delete_sync(t)
+ wslx_timer_delete_sync(t)
)
