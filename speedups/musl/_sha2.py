"""hashlib's fallback module for SHA-2 (see _purehash.py)."""

from _purehash import sha224, sha256, sha384, sha512

__all__ = ["sha224", "sha256", "sha384", "sha512"]
