"""TLS verification against a local HTTPS server with a certificate made for the test."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from custom_components.netwatch.engine.forward import (
    Forwarder,
    ForwarderConfig,
    ForwarderConnectionError,
)

from .fake_server import FakeSearch


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "netwatch test CA")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "ca.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
async def https_url(tmp_path: Path, socket_enabled: None) -> AsyncIterator[tuple[str, Path]]:
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    runner = web.AppRunner(FakeSearch().app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"https://127.0.0.1:{port}", cert
    finally:
        await runner.cleanup()


async def test_tls_verification(https_url: tuple[str, Path]) -> None:
    url, ca = https_url
    async with aiohttp.ClientSession() as session:
        with pytest.raises(ForwarderConnectionError) as err:
            await Forwarder(session, ForwarderConfig(urls=[url])).async_check()
        assert err.value.reason == "tls_error"
        trusted = ForwarderConfig(urls=[url], ca_path=str(ca))
        assert (await Forwarder(session, trusted).async_check()).product == "elasticsearch"
        unverified = ForwarderConfig(urls=[url], verify_tls=False)
        assert (await Forwarder(session, unverified).async_check()).version == "8.19.0"
        missing = ForwarderConfig(urls=[url], ca_path=str(ca.parent / "missing.pem"))
        with pytest.raises(ForwarderConnectionError, match="cannot load CA"):
            await Forwarder(session, missing).async_check()
