#!/usr/bin/env bash
# A CPython 3.14 on musl's libc and loader, for `scripts/speedups test-musl` (run inside the rig).
#
#   bash speedups/musl/build-python.sh PREFIX WORKDIR
#
# Debian serves no python3.14 source package here (`apt-get source python3.14` ends in 404), so
# the interpreter is not compiled from source: it is Debian's own CPython 3.14 object code
# (libpython3.14-dev's python.o and libpython3.14-pic.a, the very build the rig runs) linked by
# musl-gcc against musl instead of glibc. What that gives:
#   - the program interpreter is /lib/ld-musl-x86_64.so.1 and the only libc is musl's, so an
#     extension module is loaded, relocated and served by musl exactly as on Alpine;
#   - the built-in modules are Debian's (posix, _socket, select, _struct, math, zlib, ...). zlib
#     is built here with musl-gcc from Debian's zlib source package;
#   - left out: pyexpat and _elementtree (no expat), the HACL*-based _md5/_sha1/_sha2/_sha3/_blake2
#     (HACL* is not in Debian's static library; _purehash.py stands in for MD5/SHA-1/SHA-2) and
#     every lib-dynload module (Debian's are glibc builds: _asyncio, _decimal, _ssl ... fall back
#     to their pure-Python versions or are absent);
#   - glibc_shim.c maps the glibc-only names the objects call onto musl's.
#   - soabi.c gives it musl's extension suffix (.cpython-314-x86_64-linux-musl.so), so the C
#     extensions of musllinux wheels from PyPI (orjson, aiohttp ...) import as on Alpine.
# Not an Alpine CPython: its own code was compiled against glibc's headers (sysconfig still
# describes Debian's build), and it has only the modules above.
set -euo pipefail
PREFIX=${1:?usage: build-python.sh PREFIX WORKDIR}
WORK=${2:?usage: build-python.sh PREFIX WORKDIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf '\033[1m[speedups]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[speedups] error:\033[0m %s\n' "$*" >&2; exit 1; }

VERSION=$(python3.14 -c 'import platform; print(platform.python_version())')
CONFIG=$(python3.14 -c 'import sysconfig; print(sysconfig.get_config_var("LIBPL"))')
STDLIB=$(python3.14 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
[ -f "$CONFIG/libpython3.14-pic.a" ] && [ -f "$CONFIG/python.o" ] \
  || die "no libpython3.14-pic.a / python.o in $CONFIG; install libpython3.14-dev in the rig (apt-get install libpython3.14-dev)"
command -v musl-gcc >/dev/null || die "musl-gcc missing; apt-get install musl-tools musl-dev"

# zlib's source from Debian's source package, by apt with a private list (the rig's own apt
# configuration and lists stay untouched).
mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/archives/partial" "$WORK/src"
mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
echo "deb-src ${mirror:-http://deb.debian.org/debian} testing main" > "$WORK/apt/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$WORK/apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent
  -o "Dir::State::Lists=$WORK/apt/lists" -o "Dir::Cache::Archives=$WORK/apt/archives")
if ! ls "$WORK/src"/zlib_*.orig.tar.* >/dev/null 2>&1; then
  say "downloading zlib's Debian source package"
  apt-get "${apt_opts[@]}" -qq update || die "apt-get update of the deb-src list failed; check the Debian mirror and rerun"
  # Only the upstream tarball is used; the .dsc and Debian patches may or may not be served.
  (cd "$WORK/src" && apt-get "${apt_opts[@]}" -qq source --download-only zlib >/dev/null 2>&1) || true
  ls "$WORK/src"/zlib_*.orig.tar.* >/dev/null 2>&1 \
    || die "apt-get source --download-only zlib fetched no zlib_*.orig.tar.*; rerun, or check that the Debian mirror serves pool/main/z/zlib"
fi

build=$WORK/build
rm -rf "$build"; mkdir -p "$build/zlib"
say "compiling zlib with musl-gcc"
tar -xf "$(ls "$WORK/src"/zlib_*.orig.tar.* | head -1)" -C "$build/zlib" --strip-components=1
(cd "$build/zlib" && printf '%s\n' adler32 crc32 deflate infback inffast inflate inftrees trees \
    zutil compress uncompr gzclose gzlib gzread gzwrite |
  xargs -P2 -I{} musl-gcc -O2 -fPIC -DHAVE_UNISTD_H -DHAVE_STDARG_H -c {}.c -o {}.o &&
  ar rcs libz.a ./*.o)

say "linking Debian's CPython $VERSION objects with musl"
# The built-in module table, less the modules whose code is missing (see the header).
sed -E '/PyInit_(pyexpat|_elementtree|_md5|_sha1|_sha2|_sha3|_blake2)\b/d' "$CONFIG/config.c" > "$build/config.c"
# A table of names and function pointers: compiled against the glibc headers it was made for.
gcc -O2 -fPIC -I"$(python3.14 -c 'import sysconfig; print(sysconfig.get_path("include"))')" \
  -c "$build/config.c" -o "$build/config.o"
musl-gcc -O2 -fPIC -Wall -c "$HERE/glibc_shim.c" -o "$build/glibc_shim.o"
# Import compiled modules by musl's file names (soabi.c), not Debian's: its table is made weak.
triplet="$(uname -m)-linux-musl"
musl-gcc -O2 -fPIC -Wall -DMUSL_TRIPLET="\"$triplet\"" -c "$HERE/soabi.c" -o "$build/soabi.o"
objcopy --weaken-symbol=_PyImport_DynLoadFiletab "$CONFIG/libpython3.14-pic.a" "$build/libpython3.14-pic.a"
mkdir -p "$build/prefix/bin"
musl-gcc -o "$build/prefix/bin/python3.14" -Wl,--export-dynamic "$CONFIG/python.o" "$build/config.o" \
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
python3.14 - "$lib/hashlib.py" <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
new, count = re.subn(r"(__always_supported = \('md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512',)[^)]*\)",
                     r"\1)", text)
if count != 1:
    sys.exit(f"{path}: __always_supported not found; update speedups/musl/build-python.sh")
open(path, "w", encoding="utf-8").write(new)
EOF

"$build/prefix/bin/python3.14" -c 'import hashlib, zlib, socket, select, json, asyncio, random
assert hashlib.sha256(b"abc").hexdigest().startswith("ba7816bf"), "pure SHA-256"
assert zlib.decompress(zlib.compress(b"netwatch" * 9)) == b"netwatch" * 9, "zlib"
import _imp; assert _imp.extension_suffixes()[0].endswith("-linux-musl.so"), _imp.extension_suffixes()' \
  || die "the musl-linked interpreter fails its smoke test (above)"
rm -rf "$PREFIX"; mv "$build/prefix" "$PREFIX"
say "musl CPython $VERSION ready in $PREFIX"
