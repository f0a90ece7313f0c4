"""hashlib's fallback module for md5 (see _purehash.py)."""

from _purehash import md5

__all__ = ["md5"]
