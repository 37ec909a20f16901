/*
 * crashfs: an LD_PRELOAD layer that makes "a node crashed" mean what it means on real hardware:
 * everything written to a matched file since its last fdatasync/fsync is lost.
 *
 * For every file whose path ends with $CRASHFS_SUFFIX (default ".img"), each pwrite/pwritev/write
 * first saves the bytes it is about to overwrite into PATH.undo (offset u64, length u32, old bytes,
 * little-endian, appended). fdatasync/fsync/fdatasync-equivalent sync_file_range... on that fd
 * truncates PATH.undo to zero: from then on those writes are "durable". After the process is
 * killed, applying PATH.undo backwards (see CrashFs.cs) restores exactly the last durable state.
 *
 * Built by the specs with: gcc -shared -fPIC -O2 -o crashfs.so crashfs.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FD 4096

static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static ssize_t (*real_pwritev64)(int, const struct iovec *, int, off64_t);
static ssize_t (*real_pread64)(int, void *, size_t, off64_t);
static int (*real_fdatasync)(int);
static int (*real_fsync)(int);
static int (*real_close)(int);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static signed char known[MAX_FD];   /* 0 unknown, 1 matched, -1 not matched */
static int undo_fd[MAX_FD];

static void init(void) {
    if (real_pwrite64) return;
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    real_pwritev = dlsym(RTLD_NEXT, "pwritev");
    real_pwritev64 = dlsym(RTLD_NEXT, "pwritev64");
    real_pread64 = dlsym(RTLD_NEXT, "pread64");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_close = dlsym(RTLD_NEXT, "close");
}

/* Returns the undo-log fd for a matched file, -1 otherwise. Caller holds the lock. */
static int undo_for(int fd) {
    if (fd < 0 || fd >= MAX_FD) return -1;
    if (known[fd] == 1) return undo_fd[fd];
    if (known[fd] == -1) return -1;
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 8);
    const char *suffix = getenv("CRASHFS_SUFFIX");
    if (!suffix) suffix = ".img";
    size_t sl = strlen(suffix);
    if (n <= 0 || (size_t)n < sl || memcmp(path + n - sl, suffix, sl) != 0) {
        known[fd] = -1;
        return -1;
    }
    strcpy(path + n, ".undo");
    int u = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (u < 0) { known[fd] = -1; return -1; }
    known[fd] = 1;
    undo_fd[fd] = u;
    return u;
}

static void save_old(int fd, size_t len, off64_t off) {
    int u = undo_for(fd);
    if (u < 0 || len == 0) return;
    char *old = malloc(len);
    if (!old) abort();
    ssize_t got = real_pread64(fd, old, len, off);
    if (got < 0) got = 0;
    /* Bytes past the end of file read as nothing: record them as zeros (a crash loses the extension too). */
    memset(old + got, 0, len - (size_t)got);
    unsigned char head[12];
    uint64_t o = (uint64_t)off; uint32_t l = (uint32_t)len;
    memcpy(head, &o, 8); memcpy(head + 8, &l, 4);
    struct iovec iov[2] = {{head, 12}, {old, len}};
    if (writev(u, iov, 2) != (ssize_t)(12 + len)) abort();
    free(old);
}

static size_t iov_len(const struct iovec *iov, int cnt) {
    size_t t = 0;
    for (int i = 0; i < cnt; i++) t += iov[i].iov_len;
    return t;
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off64_t off) {
    init();
    pthread_mutex_lock(&lock);
    save_old(fd, len, off);
    ssize_t r = real_pwrite64(fd, buf, len, off);
    pthread_mutex_unlock(&lock);
    return r;
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off) { return pwrite64(fd, buf, len, off); }

ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off64_t off) {
    init();
    pthread_mutex_lock(&lock);
    save_old(fd, iov_len(iov, cnt), off);
    ssize_t r = real_pwritev64 ? real_pwritev64(fd, iov, cnt, off) : real_pwritev(fd, iov, cnt, off);
    pthread_mutex_unlock(&lock);
    return r;
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off) { return pwritev64(fd, iov, cnt, off); }

static void durable(int fd) {
    pthread_mutex_lock(&lock);
    int u = undo_for(fd);
    if (u >= 0 && ftruncate(u, 0) != 0) abort();
    pthread_mutex_unlock(&lock);
}

int fdatasync(int fd) {
    init();
    int r = real_fdatasync(fd);
    if (r == 0) durable(fd);
    return r;
}

int fsync(int fd) {
    init();
    int r = real_fsync(fd);
    if (r == 0) durable(fd);
    return r;
}

int close(int fd) {
    init();
    pthread_mutex_lock(&lock);
    if (fd >= 0 && fd < MAX_FD) {
        if (known[fd] == 1) real_close(undo_fd[fd]);
        known[fd] = 0;
    }
    pthread_mutex_unlock(&lock);
    return real_close(fd);
}
