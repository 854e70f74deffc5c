#ifndef REMIT_PLATFORM_H
#define REMIT_PLATFORM_H

/// Atomically exchanges two existing paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (EINVAL/ENOSYS where unsupported).
int remit_exchange_paths(const char *a, const char *b);

/// Flushes the file system that holds `path` to disk (syncfs): one call for every file a run
/// wrote, instead of an fsync per file. Returns 0, or -1 with errno.
int remit_sync_filesystem(const char *path);

/// Sets the allocator up for a large run: allocations of 16 MiB and more get pages of their
/// own, returned when freed, and glibc's adaptive threshold (which grows after each large
/// free and then keeps freed memory) is off, so the top of the heap is given back as well.
void remit_tune_allocator(void);

/// Gives the system back the free memory of every allocator arena (glibc malloc_trim), not
/// only at the top of each heap. Memory freed by a thread stays in that thread's arena, in
/// pages the process keeps: the inputs load on several threads at once (the register, last
/// night's findings, the old outputs' manifest), and a nightly run carried some 10 MiB of
/// their freed memory into the flow stage, where its peak is.
void remit_release_free_memory(void);

/// Takes an exclusive, non-blocking flock on fd. Returns 0, or -1 with errno (EWOULDBLOCK when held).
int remit_lock_exclusive(int fd);

/// Whether stderr is a terminal.
int remit_stderr_is_terminal(void);

#endif
