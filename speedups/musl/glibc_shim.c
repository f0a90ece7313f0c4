/* glibc entry points that Debian's libpython3.14-pic.a calls and musl does not export.
 *
 * scripts/speedups test-musl links Debian's CPython 3.14 objects (built against glibc headers)
 * with musl's libc and loader, because Debian serves no python3.14 source package here. The
 * objects then call a few names that only glibc defines: the _FORTIFY_SOURCE checkers
 * (__memcpy_chk ...), C23's strtol family (__isoc23_*), the "LFS64" aliases (stat64 ...; musl
 * 1.2.4 stopped exporting them for linking), and some GNU extensions. Each is mapped here onto
 * musl's equivalent. On x86_64 and aarch64 the structures involved (struct stat, dirent, rlimit,
 * statvfs, sigset_t) have the same layout in both libcs, so the mapping is a plain call.
 * Compiled with musl-gcc: the prototypes below are musl's.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

/* _FORTIFY_SOURCE checkers: the checks are dropped, the operation is done. */
void *__memcpy_chk(void *dst, const void *src, size_t n, size_t dstlen) { (void)dstlen; return memcpy(dst, src, n); }
void *__memmove_chk(void *dst, const void *src, size_t n, size_t dstlen) { (void)dstlen; return memmove(dst, src, n); }
void *__memset_chk(void *dst, int c, size_t n, size_t dstlen) { (void)dstlen; return memset(dst, c, n); }
char *__strcpy_chk(char *dst, const char *src, size_t dstlen) { (void)dstlen; return strcpy(dst, src); }
char *__strncat_chk(char *dst, const char *src, size_t n, size_t dstlen) { (void)dstlen; return strncat(dst, src, n); }
char *__realpath_chk(const char *path, char *resolved, size_t len) { (void)len; return realpath(path, resolved); }
long __fdelt_chk(long fd) { return fd / (8 * (long)sizeof(long)); }
int __open64_2(const char *path, int flags) { return open(path, flags); }
long __sysconf(int name) { return sysconf(name); }

int __vsnprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, va_list ap) {
    (void)flag; (void)slen; return vsnprintf(s, n, fmt, ap);
}
int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap) { (void)flag; return vfprintf(f, fmt, ap); }

#define FORWARD_VA(call) do { va_list ap; va_start(ap, fmt); int r = call; va_end(ap); return r; } while (0)
int __sprintf_chk(char *s, int flag, size_t slen, const char *fmt, ...) { (void)flag; (void)slen; FORWARD_VA(vsprintf(s, fmt, ap)); }
int __snprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, ...) { (void)flag; (void)slen; FORWARD_VA(vsnprintf(s, n, fmt, ap)); }
int __printf_chk(int flag, const char *fmt, ...) { (void)flag; FORWARD_VA(vprintf(fmt, ap)); }
int __fprintf_chk(FILE *f, int flag, const char *fmt, ...) { (void)flag; FORWARD_VA(vfprintf(f, fmt, ap)); }
int __isoc23_sscanf(const char *s, const char *fmt, ...) { FORWARD_VA(vsscanf(s, fmt, ap)); }
void __syslog_chk(int pri, int flag, const char *fmt, ...) {
    va_list ap; (void)flag; va_start(ap, fmt); vsyslog(pri, fmt, ap); va_end(ap);
}

/* C23 parsing (glibc 2.38 redirects strtol & co. here; the difference is the 0b prefix). */
long __isoc23_strtol(const char *s, char **end, int base) { return strtol(s, end, base); }
unsigned long __isoc23_strtoul(const char *s, char **end, int base) { return strtoul(s, end, base); }
long __isoc23_wcstol(const wchar_t *s, wchar_t **end, int base) { return wcstol(s, end, base); }

/* CPU_ALLOC / CPU_FREE: glibc's sets are arrays of unsigned long, as musl's. */
void *__sched_cpualloc(size_t count) { return calloc((count + 8 * sizeof(long) - 1) / (8 * sizeof(long)), sizeof(long)); }
void __sched_cpufree(void *set) { free(set); }

/* The LFS64 aliases: off_t is 64-bit on these architectures, so each is its plain name. */
int stat64(const char *p, struct stat *st) { return stat(p, st); }
int lstat64(const char *p, struct stat *st) { return lstat(p, st); }
int fstat64(int fd, struct stat *st) { return fstat(fd, st); }
int fstatat64(int dirfd, const char *p, struct stat *st, int flags) { return fstatat(dirfd, p, st, flags); }
int statvfs64(const char *p, struct statvfs *st) { return statvfs(p, st); }
int fstatvfs64(int fd, struct statvfs *st) { return fstatvfs(fd, st); }
FILE *fopen64(const char *p, const char *mode) { return fopen(p, mode); }
int open64(const char *p, int flags, ...) {
    va_list ap; va_start(ap, flags); mode_t mode = va_arg(ap, mode_t); va_end(ap); return open(p, flags, mode);
}
int openat64(int dirfd, const char *p, int flags, ...) {
    va_list ap; va_start(ap, flags); mode_t mode = va_arg(ap, mode_t); va_end(ap); return openat(dirfd, p, flags, mode);
}
int fcntl64(int fd, int cmd, ...) {
    va_list ap; va_start(ap, cmd); long arg = va_arg(ap, long); va_end(ap); return fcntl(fd, cmd, arg);
}
off_t lseek64(int fd, off_t off, int whence) { return lseek(fd, off, whence); }
void *mmap64(void *a, size_t n, int prot, int flags, int fd, off_t off) { return mmap(a, n, prot, flags, fd, off); }
ssize_t pread64(int fd, void *b, size_t n, off_t off) { return pread(fd, b, n, off); }
ssize_t pwrite64(int fd, const void *b, size_t n, off_t off) { return pwrite(fd, b, n, off); }
ssize_t preadv64(int fd, const struct iovec *v, int n, off_t off) { return preadv(fd, v, n, off); }
ssize_t pwritev64(int fd, const struct iovec *v, int n, off_t off) { return pwritev(fd, v, n, off); }
ssize_t preadv64v2(int fd, const struct iovec *v, int n, off_t off, int flags) {
    return syscall(SYS_preadv2, fd, v, n, (long)off, 0L, flags);
}
ssize_t pwritev64v2(int fd, const struct iovec *v, int n, off_t off, int flags) {
    return syscall(SYS_pwritev2, fd, v, n, (long)off, 0L, flags);
}
struct dirent *readdir64(DIR *d) { return readdir(d); }
ssize_t sendfile64(int out, int in, off_t *off, size_t n) { return sendfile(out, in, off, n); }
int truncate64(const char *p, off_t len) { return truncate(p, len); }
int ftruncate64(int fd, off_t len) { return ftruncate(fd, len); }
int getrlimit64(int r, struct rlimit *l) { return getrlimit(r, l); }
int setrlimit64(int r, const struct rlimit *l) { return setrlimit(r, l); }
int lockf64(int fd, int cmd, off_t len) { return lockf(fd, cmd, len); }
int posix_fadvise64(int fd, off_t off, off_t len, int advice) { return posix_fadvise(fd, off, len, advice); }
int posix_fallocate64(int fd, off_t off, off_t len) { return posix_fallocate(fd, off, len); }

/* GNU extensions. */
int close_range(unsigned first, unsigned last, int flags) { return (int)syscall(SYS_close_range, first, last, flags); }
void closefrom(int lowfd) { (void)close_range((unsigned)lowfd, UINT_MAX, 0); }
int dladdr1(const void *addr, Dl_info *info, void **extra, int flags) { (void)extra; (void)flags; return dladdr(addr, info); }
int backtrace(void **buffer, int size) { (void)buffer; (void)size; return 0; }
int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from) {
    (void)actions; (void)from; return ENOSYS;
}

/* sem_clockwait (glibc 2.30): a monotonic deadline becomes the realtime one sem_timedwait takes. */
int sem_clockwait(sem_t *sem, clockid_t clock, const struct timespec *deadline) {
    if (clock == CLOCK_REALTIME) return sem_timedwait(sem, deadline);
    struct timespec now_clock, now_real, target;
    clock_gettime(clock, &now_clock);
    clock_gettime(CLOCK_REALTIME, &now_real);
    long long ns = (long long)(deadline->tv_sec - now_clock.tv_sec) * 1000000000LL
        + (deadline->tv_nsec - now_clock.tv_nsec) + now_real.tv_nsec;
    target.tv_sec = now_real.tv_sec + (time_t)(ns / 1000000000LL);
    target.tv_nsec = (long)(ns % 1000000000LL);
    if (target.tv_nsec < 0) { target.tv_nsec += 1000000000L; target.tv_sec -= 1; }
    return sem_timedwait(sem, &target);
}
