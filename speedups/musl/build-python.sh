#!/usr/bin/env bash
# A CPython 3.14 on musl's libc and loader, for `scripts/speedups test-musl` (run inside the rig).
#
#   bash speedups/musl/build-python.sh x86_64 PREFIX WORKDIR
#   bash speedups/musl/build-python.sh aarch64 PREFIX WORKDIR ARM64_ROOT   (zig on PYTHONPATH)
#
# Debian serves no python3.14 source package here (`apt-get source python3.14` ends in 404), so
# the interpreter is not compiled from source: it is Debian's own CPython 3.14 object code
# (libpython3.14-dev's python.o and libpython3.14-pic.a: for x86_64 the rig's own, for aarch64
# the one scripts/speedups unpacks for the aarch64 wheel) linked against musl instead of glibc:
# by Debian's musl-gcc on x86_64, by zig (`-target aarch64-linux-musl -dynamic`) on aarch64, whose
# loader and libc then come from Debian's musl:arm64 package (PREFIX/sysroot, for qemu -L).
# What that gives:
#   - the program interpreter is /lib/ld-musl-<arch>.so.1 and the only libc is musl's, so an
#     extension module is loaded, relocated and served by musl exactly as on Alpine;
#   - the built-in modules are Debian's (posix, _socket, select, _struct, math, zlib, ...). zlib
#     is compiled here for musl from Debian's zlib source package;
#   - left out: pyexpat and _elementtree (no expat), the HACL*-based _md5/_sha1/_sha2/_sha3/_blake2
#     (HACL* is not in Debian's static library; _purehash.py stands in for MD5/SHA-1/SHA-2) and
#     every lib-dynload module (Debian's are glibc builds: _asyncio, _decimal, _ssl ... fall back
#     to their pure-Python versions or are absent);
#   - glibc_shim.c maps the glibc-only names the objects call onto musl's;
#   - soabi.c gives it musl's extension suffix (.cpython-314-<arch>-linux-musl.so), so the C
#     extensions of musllinux wheels from PyPI (orjson, aiohttp ...) import as on Alpine.
# Not an Alpine CPython: its own code was compiled against glibc's headers (sysconfig still
# describes Debian's build), and it has only the modules above.
set -euo pipefail
usage="usage: build-python.sh x86_64|aarch64 PREFIX WORKDIR [ARM64_ROOT]"
ARCH=${1:?$usage}
PREFIX=${2:?$usage}
WORK=${3:?$usage}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf '\033[1m[speedups]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[speedups] error:\033[0m %s\n' "$*" >&2; exit 1; }

case "$ARCH" in
  x86_64)
    command -v musl-gcc >/dev/null || die "musl-gcc missing; apt-get install musl-tools musl-dev"
    cc=(musl-gcc) link=(musl-gcc) ar=(ar) objcopy=objcopy
    CONFIG=$(python3.14 -c 'import sysconfig; print(sysconfig.get_config_var("LIBPL"))')
    STDLIB=$(python3.14 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
    INCLUDE=$(python3.14 -c 'import sysconfig; print(sysconfig.get_path("include"))')
    ;;
  aarch64)
    root=${4:?$usage}
    python3 -m ziglang version >/dev/null 2>&1 || die "zig (PyPI ziglang) is not importable; run through scripts/speedups"
    command -v aarch64-linux-gnu-objcopy >/dev/null || die "aarch64-linux-gnu-objcopy missing; apt-get install binutils-aarch64-linux-gnu"
    cc=(python3 -m ziglang cc -target aarch64-linux-musl) link=("${cc[@]}" -dynamic)
    ar=(python3 -m ziglang ar) objcopy=aarch64-linux-gnu-objcopy
    CONFIG=$root/usr/lib/python3.14/config-3.14-aarch64-linux-gnu
    STDLIB=$root/usr/lib/python3.14
    INCLUDE=$root/usr/include/python3.14
    ;;
  *) die "$usage" ;;
esac
[ -f "$CONFIG/libpython3.14-pic.a" ] && [ -f "$CONFIG/python.o" ] \
  || die "no libpython3.14-pic.a / python.o in $CONFIG; install libpython3.14-dev there (for aarch64: rerun scripts/speedups test-aarch64 once)"
VERSION=$(sed -n 's/^#define PY_VERSION[[:space:]]*"\(.*\)"/\1/p' "$INCLUDE/patchlevel.h")

# Sources and packages by apt with a private configuration (the rig's own apt configuration and
# lists stay untouched): zlib's Debian source package; for aarch64 also musl:arm64.
mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
apt_in() {  # apt_in ARCH SOURCES-LINE APT-GET-ARGS...: apt-get with its lists under WORK
  local arch=$1 line=$2 dir
  shift 2
  dir="$WORK/apt-$arch-${line%% *}"
  mkdir -p "$dir/lists/partial" "$dir/archives/partial"
  echo "$line" > "$dir/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent
    -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache::Archives=$dir/archives"
    -o Dir::State::Status=/dev/null -o "APT::Architecture=$arch" -o "APT::Architectures=$arch")
  [ -f "$dir/lists/.updated" ] || { apt-get "${opts[@]}" -qq update && touch "$dir/lists/.updated"; } \
    || die "apt-get update for $line failed; check the Debian mirror and rerun"
  apt-get "${opts[@]}" -qq "$@"
}
mkdir -p "$WORK/src"
if ! ls "$WORK/src"/zlib_*.orig.tar.* >/dev/null 2>&1; then
  say "downloading zlib's Debian source package"
  # Only the upstream tarball is used; the .dsc and Debian patches may or may not be served.
  (cd "$WORK/src" && apt_in "$(dpkg --print-architecture)" "deb-src $mirror testing main" source --download-only zlib >/dev/null 2>&1) || true
  ls "$WORK/src"/zlib_*.orig.tar.* >/dev/null 2>&1 \
    || die "apt-get source --download-only zlib fetched no zlib_*.orig.tar.*; rerun, or check that the Debian mirror serves pool/main/z/zlib"
fi

build=$WORK/build-$ARCH
rm -rf "$build"; mkdir -p "$build/zlib" "$build/include" "$build/prefix/bin"
if [ "$ARCH" = aarch64 ]; then
  say "downloading Debian's musl for arm64 (the loader and libc qemu-user runs)"
  mkdir -p "$build/debs"
  (cd "$build/debs" && apt_in arm64 "deb [arch=arm64] $mirror testing main" download musl:arm64 >/dev/null 2>&1) \
    || die "apt-get download musl:arm64 failed; rerun when the Debian mirror answers"
  for deb in "$build/debs"/*.deb; do dpkg -x "$deb" "$build/prefix/sysroot"; done
  mkdir -p "$build/prefix/sysroot/lib"  # the deb has it in /usr/lib (merged /usr); qemu asks /lib
  ln -sf ../usr/lib/aarch64-linux-musl/libc.so "$build/prefix/sysroot/lib/ld-musl-aarch64.so.1"
  [ -e "$build/prefix/sysroot/lib/ld-musl-aarch64.so.1" ] || die "musl:arm64 brought no ld-musl-aarch64.so.1"
fi

say "compiling zlib for $ARCH musl"
tar -xf "$(ls "$WORK/src"/zlib_*.orig.tar.* | head -1)" -C "$build/zlib" --strip-components=1
(cd "$build/zlib" && for f in adler32 crc32 deflate infback inffast inflate inftrees trees zutil \
    compress uncompr gzclose gzlib gzread gzwrite; do echo "$f"; done |
  xargs -P2 -I{} "${cc[@]}" -O2 -fPIC -DHAVE_UNISTD_H -DHAVE_STDARG_H -c {}.c -o {}.o &&
  "${ar[@]}" rcs libz.a ./*.o)

say "linking Debian's CPython $VERSION objects ($ARCH) with musl"
# The built-in module table, less the modules whose code is missing (see the header). It is only
# names and function pointers, so a two-line Python.h is all it needs.
sed -E '/PyInit_(pyexpat|_elementtree|_md5|_sha1|_sha2|_sha3|_blake2)\b/d' "$CONFIG/config.c" > "$build/config.c"
printf '%s\n' '#include <stddef.h>' 'typedef struct _object PyObject;' \
  'struct _inittab { const char *name; PyObject *(*initfunc)(void); };' > "$build/include/Python.h"
"${cc[@]}" -O2 -fPIC -I"$build/include" -c "$build/config.c" -o "$build/config.o"
"${cc[@]}" -O2 -fPIC -Wall -c "$HERE/glibc_shim.c" -o "$build/glibc_shim.o"
# Import compiled modules by musl's file names (soabi.c), not Debian's: its table is made weak.
"${cc[@]}" -O2 -fPIC -Wall -DMUSL_TRIPLET="\"$ARCH-linux-musl\"" -c "$HERE/soabi.c" -o "$build/soabi.o"
"$objcopy" --weaken-symbol=_PyImport_DynLoadFiletab "$CONFIG/libpython3.14-pic.a" "$build/libpython3.14-pic.a"
"${link[@]}" -o "$build/prefix/bin/python3.14" -Wl,--export-dynamic "$CONFIG/python.o" "$build/config.o" \
  "$build/glibc_shim.o" "$build/soabi.o" "$build/libpython3.14-pic.a" "$build/zlib/libz.a" -lm \
  || die "linking with musl failed (a glibc-only symbol above?); add it to speedups/musl/glibc_shim.c"

say "copying the $VERSION standard library (without Debian's glibc lib-dynload)"
lib=$build/prefix/lib/python3.14
mkdir -p "$lib/lib-dynload"
(cd "$STDLIB" && tar -c --exclude=./lib-dynload --exclude=./site-packages --exclude=./dist-packages \
  --exclude=./test --exclude=./idlelib --exclude=./tkinter --exclude='__pycache__' .) | tar -x -C "$lib"
cp "$HERE"/_purehash.py "$HERE"/_md5.py "$HERE"/_sha1.py "$HERE"/_sha2.py "$lib/"
# hashlib logs a traceback at import for each guaranteed algorithm it cannot find: BLAKE2 and
# SHA-3 have no stand-in here, so they leave its guaranteed list (they stay absent, not broken).
python3 - "$lib/hashlib.py" <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
new, count = re.subn(r"(__always_supported = \('md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512',)[^)]*\)",
                     r"\1)", text)
if count != 1:
    sys.exit(f"{path}: __always_supported not found; update speedups/musl/build-python.sh")
open(path, "w", encoding="utf-8").write(new)
EOF

run=("$build/prefix/bin/python3.14")
[ "$ARCH" = aarch64 ] && run=(qemu-aarch64 -L "$build/prefix/sysroot" "${run[@]}")
"${run[@]}" -c 'import hashlib, zlib, socket, select, json, asyncio, random, _imp
assert hashlib.sha256(b"abc").hexdigest().startswith("ba7816bf"), "pure SHA-256"
assert zlib.decompress(zlib.compress(b"netwatch" * 9)) == b"netwatch" * 9, "zlib"
assert _imp.extension_suffixes()[0].endswith("-linux-musl.so"), _imp.extension_suffixes()' \
  || die "the musl-linked interpreter fails its smoke test (above)"
rm -rf "$PREFIX"; mv "$build/prefix" "$PREFIX"
say "musl CPython $VERSION ($ARCH) ready in $PREFIX"
