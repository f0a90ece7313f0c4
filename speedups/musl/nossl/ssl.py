"""A TLS-less `ssl` for the musl test interpreter of scripts/speedups test-musl (tests only).

That interpreter has no _ssl (Debian's is a glibc extension and no CPython source is at hand, see
build-python.sh), so the stdlib's ssl.py cannot import; the engine imports ssl at module level
(forward/client.py) and aiohttp builds two SSLContext objects when it is imported. This module
lets those imports succeed: contexts can be made and configured, and every use that would need
OpenSSL (loading certificates, wrapping a socket or a BIO) raises SSLError. The engine tests of
test-musl open no TLS connection. It is put on PYTHONPATH by test-musl only, never installed.
"""

from __future__ import annotations

import enum
from typing import Any, NoReturn

OPENSSL_VERSION = "none (netwatch musl test interpreter)"
HAS_SNI = HAS_ALPN = HAS_NEVER_CHECK_COMMON_NAME = False


class SSLError(OSError):
    """Every TLS failure; raised for anything that would need OpenSSL."""


class SSLZeroReturnError(SSLError): ...


class SSLWantReadError(SSLError): ...


class SSLWantWriteError(SSLError): ...


class SSLSyscallError(SSLError): ...


class SSLEOFError(SSLError): ...


class SSLCertVerificationError(SSLError, ValueError): ...


CertificateError = SSLCertVerificationError


class Purpose(enum.Enum):
    """As ssl.Purpose, without the OIDs."""

    SERVER_AUTH = "1.3.6.1.5.5.7.3.1"
    CLIENT_AUTH = "1.3.6.1.5.5.7.3.2"


class TLSVersion(enum.IntEnum):
    """As ssl.TLSVersion."""

    MINIMUM_SUPPORTED = -2
    SSLv3 = 768
    TLSv1 = 769
    TLSv1_1 = 770
    TLSv1_2 = 771
    TLSv1_3 = 772
    MAXIMUM_SUPPORTED = -1


PROTOCOL_TLS = PROTOCOL_SSLv23 = 2
PROTOCOL_TLS_CLIENT = 16
PROTOCOL_TLS_SERVER = 17
CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED = 0, 1, 2
OP_ALL = 0x80000050
OP_NO_SSLv2 = 0
OP_NO_SSLv3 = 0x02000000
OP_NO_TLSv1 = 0x04000000
OP_NO_COMPRESSION = 0x00020000
VERIFY_DEFAULT = 0
VERIFY_X509_STRICT = 0x20


def _no_tls(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise SSLError("no TLS in the musl test interpreter (no _ssl module)")


class SSLContext:
    """Accepts configuration; fails on anything that needs OpenSSL."""

    def __init__(self, protocol: int = PROTOCOL_TLS, *_args: Any, **_kwargs: Any) -> None:
        self.protocol = protocol
        self.options = OP_ALL
        self.verify_mode = CERT_REQUIRED if protocol == PROTOCOL_TLS_CLIENT else CERT_NONE
        self.check_hostname = protocol == PROTOCOL_TLS_CLIENT
        self.verify_flags = VERIFY_DEFAULT
        self.minimum_version = TLSVersion.MINIMUM_SUPPORTED
        self.maximum_version = TLSVersion.MAXIMUM_SUPPORTED

    def set_alpn_protocols(self, protocols: Any) -> None:
        self.alpn_protocols = list(protocols)

    def set_ciphers(self, ciphers: str) -> None:
        self.ciphers = ciphers

    def set_default_verify_paths(self) -> None:
        """Nothing to load without OpenSSL; the failure comes with the first use."""

    load_default_certs = set_default_verify_paths
    load_verify_locations = load_cert_chain = wrap_socket = wrap_bio = _no_tls


class SSLSocket:
    """Only a name here (isinstance checks); never instantiated."""


class SSLObject(SSLSocket):
    """Only a name here."""


class MemoryBIO:
    """Only a name here; making one fails."""

    __init__ = _no_tls


def create_default_context(
    purpose: Purpose = Purpose.SERVER_AUTH,
    *,
    cafile: str | None = None,
    capath: str | None = None,
    cadata: str | bytes | None = None,
) -> SSLContext:
    """Return a client context; certificates given here fail as load_verify_locations does."""
    context = SSLContext(
        PROTOCOL_TLS_CLIENT if purpose is Purpose.SERVER_AUTH else PROTOCOL_TLS_SERVER
    )
    if cafile or capath or cadata:
        context.load_verify_locations(cafile, capath, cadata)
    return context
