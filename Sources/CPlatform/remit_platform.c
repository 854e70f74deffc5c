#define _GNU_SOURCE
#include "remit_platform.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int remit_exchange_paths(const char *a, const char *b) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int remit_sync_filesystem(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    int result = syncfs(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return result;
}

int remit_lock_exclusive(int fd) {
    return flock(fd, LOCK_EX | LOCK_NB);
}

int remit_stderr_is_terminal(void) {
    return isatty(STDERR_FILENO);
}

void remit_tune_allocator(void) {
    mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024);
}

void remit_release_free_memory(void) {
    malloc_trim(0);
}
