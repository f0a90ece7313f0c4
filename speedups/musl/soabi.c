/* The extension-module file suffixes of a musl CPython, in place of Debian's.
 *
 * CPython's import system accepts these names for compiled modules; Debian's build lists
 * ".cpython-314-x86_64-linux-gnu.so" first, CPython built on musl (Alpine) lists
 * ".cpython-314-<arch>-linux-musl.so", the name musllinux wheels use (orjson, aiohttp ...).
 * build-python.sh weakens Debian's definition of this table so that this one is linked.
 */
#include <stddef.h>

#ifndef MUSL_TRIPLET
#error "compile with -DMUSL_TRIPLET='\"x86_64-linux-musl\"'"
#endif

const char *_PyImport_DynLoadFiletab[] = {".cpython-314-" MUSL_TRIPLET ".so", ".abi3.so", ".so", NULL};
