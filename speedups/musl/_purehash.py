"""MD5, SHA-1 and SHA-2 in pure Python, for the musl test interpreter of scripts/speedups.

That interpreter is Debian's CPython 3.14 object code linked with musl (see glibc_shim.c); the
HACL* hash code that CPython's _md5/_sha1/_sha2 modules are built on is not in Debian's static
library, and OpenSSL's _hashlib is a glibc extension. hashlib falls back to importing modules
named _md5, _sha1 and _sha2, which the files beside this one provide from the classes below
(random.seed(str) imports _sha2 too). Slow (about 1 MB/s), correct, and only for tests: the engine
hashes its own sources once (engine/speedups.py) and hypothesis hashes test names.
"""

from __future__ import annotations

import math
import struct
from typing import Self


def _root(n: int, k: int) -> int:
    """Return floor(n ** (1/k)) exactly (Newton's method on integers)."""
    x = 1 << -(-n.bit_length() // k)
    while True:
        y = ((k - 1) * x + n // x ** (k - 1)) // k
        if y >= x:
            return x
        x = y


def _primes(count: int) -> list[int]:
    found: list[int] = []
    n = 2
    while len(found) < count:
        if all(n % p for p in found if p * p <= n):
            found.append(n)
        n += 1
    return found


def _fraction_bits(prime: int, k: int, bits: int) -> int:
    """The first `bits` bits of the fractional part of prime ** (1/k) (SHA-2's constants)."""
    return _root(prime << (k * bits), k) & ((1 << bits) - 1)


class _Hash:
    """Merkle-Damgard framing shared by every algorithm: buffering, padding, copy."""

    name = ""
    digest_size = 0
    block_size = 64
    _length_bytes = 8
    _big_endian = True

    def __init__(
        self, data: bytes = b"", *, usedforsecurity: bool = True, string: bytes | None = None
    ) -> None:
        del usedforsecurity
        self._state: list[int] = self._initial()
        self._buffer = b""
        self._count = 0
        self.update(data if string is None else string)

    def _initial(self) -> list[int]:
        raise NotImplementedError

    def _compress(self, state: list[int], block: bytes) -> list[int]:
        raise NotImplementedError

    def _output(self, state: list[int]) -> bytes:
        raise NotImplementedError

    def update(self, data: bytes) -> None:
        """Add data (anything bytes() accepts, as hashlib's objects do)."""
        data = self._buffer + bytes(data)
        self._count += len(data) - len(self._buffer)
        size = self.block_size
        whole = len(data) - len(data) % size
        for start in range(0, whole, size):
            self._state = self._compress(self._state, data[start : start + size])
        self._buffer = data[whole:]

    def copy(self) -> Self:
        """Return an independent hash object with the same state."""
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._state = list(self._state)
        return clone

    def digest(self) -> bytes:
        """Return the digest of everything added so far (the object stays usable)."""
        size = self.block_size
        bits = (self._count * 8).to_bytes(
            self._length_bytes, "big" if self._big_endian else "little"
        )
        tail = self._buffer + b"\x80"
        tail += b"\0" * ((-len(tail) - self._length_bytes) % size) + bits
        state = self._state
        for start in range(0, len(tail), size):
            state = self._compress(state, tail[start : start + size])
        return self._output(state)[: self.digest_size]

    def hexdigest(self) -> str:
        """Return digest() as lowercase hex."""
        return self.digest().hex()


_M32 = 0xFFFFFFFF
_M64 = 0xFFFFFFFFFFFFFFFF


def _rotl32(x: int, n: int) -> int:
    return ((x << n) | (x >> (32 - n))) & _M32


class md5(_Hash):
    name = "md5"
    digest_size = 16
    _big_endian = False
    _K = tuple(int(abs(math.sin(i + 1)) * 2**32) & _M32 for i in range(64))
    _S = (7, 12, 17, 22) * 4 + (5, 9, 14, 20) * 4 + (4, 11, 16, 23) * 4 + (6, 10, 15, 21) * 4

    def _initial(self) -> list[int]:
        return [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476]

    def _compress(self, state: list[int], block: bytes) -> list[int]:
        words = struct.unpack("<16I", block)
        a, b, c, d = state
        for i in range(64):
            if i < 16:
                f, g = (b & c) | (~b & d), i
            elif i < 32:
                f, g = (d & b) | (~d & c), (5 * i + 1) % 16
            elif i < 48:
                f, g = b ^ c ^ d, (3 * i + 5) % 16
            else:
                f, g = c ^ (b | (~d & _M32)), (7 * i) % 16
            f = (f + a + self._K[i] + words[g]) & _M32
            a, d, c = d, c, b
            b = (b + _rotl32(f, self._S[i])) & _M32
        return [(x + y) & _M32 for x, y in zip(state, (a, b, c, d), strict=True)]

    def _output(self, state: list[int]) -> bytes:
        return struct.pack("<4I", *state)


class sha1(_Hash):
    name = "sha1"
    digest_size = 20

    def _initial(self) -> list[int]:
        return [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]

    def _compress(self, state: list[int], block: bytes) -> list[int]:
        w = list(struct.unpack(">16I", block))
        for i in range(16, 80):
            w.append(_rotl32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1))
        a, b, c, d, e = state
        for i in range(80):
            if i < 20:
                f, k = (b & c) | (~b & d), 0x5A827999
            elif i < 40:
                f, k = b ^ c ^ d, 0x6ED9EBA1
            elif i < 60:
                f, k = (b & c) | (b & d) | (c & d), 0x8F1BBCDC
            else:
                f, k = b ^ c ^ d, 0xCA62C1D6
            a, b, c, d, e = (
                (_rotl32(a, 5) + (f & _M32) + e + k + w[i]) & _M32,
                a,
                _rotl32(b, 30),
                c,
                d,
            )
        return [(x + y) & _M32 for x, y in zip(state, (a, b, c, d, e), strict=True)]

    def _output(self, state: list[int]) -> bytes:
        return struct.pack(">5I", *state)


_PRIMES = _primes(80)


class _Sha2(_Hash):
    """SHA-256 (32-bit words, 64 rounds) and SHA-512 (64-bit words, 80 rounds) share this."""

    _bits = 32
    _rounds = 64
    _rot = (2, 13, 22, 6, 11, 25, 7, 18, 3, 17, 19, 10)
    _iv: tuple[int, ...] = ()

    def __init_subclass__(cls) -> None:
        cls._k = tuple(_fraction_bits(p, 3, cls._bits) for p in _PRIMES[: cls._rounds])

    def _initial(self) -> list[int]:
        return list(self._iv)

    def _compress(self, state: list[int], block: bytes) -> list[int]:
        bits, mask = self._bits, (1 << self._bits) - 1
        s0a, s0b, s0c, s1a, s1b, s1c, w0a, w0b, w0s, w1a, w1b, w1s = self._rot

        def rotr(x: int, n: int) -> int:
            return (x >> n) | ((x << (bits - n)) & mask)

        w = list(struct.unpack(">16" + ("I" if bits == 32 else "Q"), block))
        for i in range(16, self._rounds):
            x, y = w[i - 15], w[i - 2]
            g0 = rotr(x, w0a) ^ rotr(x, w0b) ^ (x >> w0s)
            g1 = rotr(y, w1a) ^ rotr(y, w1b) ^ (y >> w1s)
            w.append((w[i - 16] + g0 + w[i - 7] + g1) & mask)
        a, b, c, d, e, f, g, h = state
        for i in range(self._rounds):
            t1 = h + (rotr(e, s1a) ^ rotr(e, s1b) ^ rotr(e, s1c)) + ((e & f) ^ (~e & g))
            t1 = (t1 + self._k[i] + w[i]) & mask
            t2 = (rotr(a, s0a) ^ rotr(a, s0b) ^ rotr(a, s0c)) + ((a & b) ^ (a & c) ^ (b & c))
            a, b, c, d, e, f, g, h = (t1 + t2) & mask, a, b, c, (d + t1) & mask, e, f, g
        return [(x + y) & mask for x, y in zip(state, (a, b, c, d, e, f, g, h), strict=True)]

    def _output(self, state: list[int]) -> bytes:
        return struct.pack(">8" + ("I" if self._bits == 32 else "Q"), *state)


class sha256(_Sha2):
    name = "sha256"
    digest_size = 32
    _iv = tuple(_fraction_bits(p, 2, 32) for p in _PRIMES[:8])


class sha224(_Sha2):
    name = "sha224"
    digest_size = 28
    _iv = tuple(_fraction_bits(p, 2, 64) & _M32 for p in _PRIMES[8:16])


class sha512(_Sha2):
    name = "sha512"
    digest_size = 64
    block_size = 128
    _length_bytes = 16
    _bits = 64
    _rounds = 80
    _rot = (28, 34, 39, 14, 18, 41, 1, 8, 7, 19, 61, 6)
    _iv = tuple(_fraction_bits(p, 2, 64) for p in _PRIMES[:8])


class sha384(sha512):
    name = "sha384"
    digest_size = 48
    _iv = tuple(_fraction_bits(p, 2, 64) for p in _PRIMES[8:16])
