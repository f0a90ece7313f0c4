"""hashlib's fallback module for sha1 (see _purehash.py)."""

from _purehash import sha1

__all__ = ["sha1"]
