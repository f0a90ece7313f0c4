"""Opt-in monthly download of DB-IP "IP to Country Lite" (CC BY 4.0).

DB-IP publishes the free country database once a month as
`dbip-country-lite-YYYY-MM.mmdb.gz`; early in a month the new file may not exist yet, so the
previous month is tried after a 404. The file is checked (it must open as a country database)
before it atomically replaces the old one, so a failed or truncated download never breaks a
working setup. Whoever shows data from it must show `DBIP_ATTRIBUTION` with a link to
`DBIP_ATTRIBUTION_URL` (the licence's attribution requirement).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from ..errors import GeoIPError
from .asn import AsnDatabase
from .geoip import GeoIP

DBIP_COUNTRY_URL = (
    "https://download.db-ip.com/free/dbip-country-lite-{year:04d}-{month:02d}.mmdb.gz"
)
DBIP_ASN_URL = "https://download.db-ip.com/free/dbip-asn-lite-{year:04d}-{month:02d}.mmdb.gz"
DBIP_ASN_FILENAME = "dbip-asn-lite.mmdb"
DBIP_ATTRIBUTION = "IP Geolocation by DB-IP"
DBIP_ATTRIBUTION_URL = "https://db-ip.com"
DBIP_LICENSE = "CC BY 4.0"
DBIP_FILENAME = "dbip-country-lite.mmdb"
UPDATE_AFTER_DAYS = 32.0
"""A downloaded file older than this is due for the next monthly download."""
MAX_DOWNLOAD_BYTES = 128 * 1024 * 1024
MAX_DATABASE_BYTES = 512 * 1024 * 1024
_CHUNK = 256 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


def _months(now: datetime) -> list[tuple[int, int]]:
    """Return this month and the previous one, newest first."""
    previous = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
    return [(now.year, now.month), previous]


async def download_dbip_country(
    session: aiohttp.ClientSession,
    dest_dir: str | os.PathLike[str],
    *,
    url_template: str = DBIP_COUNTRY_URL,
    now: datetime | None = None,
    timeout_seconds: float = 300.0,
    asn: bool = False,
) -> Path:
    """Download the current DB-IP country (or, with `asn`, ASN) database into dest_dir."""
    when = now or datetime.now(UTC)
    missing: list[str] = []
    for year, month in _months(when):
        url = url_template.format(year=year, month=month)
        data = await _fetch(session, url, timeout_seconds)
        if data is None:
            missing.append(url)
            continue
        loop = asyncio.get_running_loop()
        install = install_asn_database if asn else install_database
        return await loop.run_in_executor(None, install, data, Path(dest_dir), url)
    what = "an ASN" if asn else "a country"
    raise GeoIPError(
        f"DB-IP has not published {what} database at {' or '.join(missing)} (HTTP 404); "
        "try again later or set a database path"
    )


async def download_dbip_asn(
    session: aiohttp.ClientSession,
    dest_dir: str | os.PathLike[str],
    *,
    url_template: str = DBIP_ASN_URL,
    now: datetime | None = None,
) -> Path:
    """Download the current DB-IP "IP to ASN Lite" database into dest_dir; return its path."""
    return await download_dbip_country(
        session, dest_dir, url_template=url_template, now=now, asn=True
    )


async def _fetch(session: aiohttp.ClientSession, url: str, timeout_seconds: float) -> bytes | None:
    """Fetch one URL with a size cap; None on 404, GeoIPError on any other failure."""
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=timeout_seconds)) as resp:
            if resp.status == 404:
                return None
            if resp.status != 200:
                raise GeoIPError(f"cannot download {url}: HTTP {resp.status}; try again later")
            body = bytearray()
            async for chunk in resp.content.iter_chunked(_CHUNK):
                body += chunk
                if len(body) > MAX_DOWNLOAD_BYTES:
                    raise GeoIPError(f"download from {url} exceeds {MAX_DOWNLOAD_BYTES} bytes")
            return bytes(body)
    except (aiohttp.ClientError, TimeoutError) as err:
        raise GeoIPError(f"cannot download {url}: {err or type(err).__name__}") from err


def _gunzip(data: bytes, url: str) -> bytes:
    """Decompress a gzip body with a cap on the output size."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_DATABASE_BYTES + 1)
    except zlib.error as err:
        raise GeoIPError(f"download from {url} is not a valid gzip file ({err})") from err
    if len(out) > MAX_DATABASE_BYTES or inflater.unconsumed_tail:
        raise GeoIPError(f"database from {url} exceeds {MAX_DATABASE_BYTES} bytes")
    if not inflater.eof:
        raise GeoIPError(f"download from {url} is truncated; try again later")
    return out


def install_asn_database(data: bytes, dest_dir: Path, source: str = "") -> Path:
    """Validate a (gzipped) ASN mmdb and atomically replace dest_dir/DBIP_ASN_FILENAME."""
    return install_database(data, dest_dir, source, filename=DBIP_ASN_FILENAME, asn=True)


def install_database(
    data: bytes,
    dest_dir: Path,
    source: str = "",
    *,
    filename: str = DBIP_FILENAME,
    asn: bool = False,
) -> Path:
    """Validate a (gzipped) mmdb and atomically replace dest_dir/filename (BLOCKING)."""
    payload = _gunzip(data, source) if data[:2] == _GZIP_MAGIC else data
    dest_dir.mkdir(parents=True, exist_ok=True)
    final = dest_dir / filename
    tmp = dest_dir / f".{filename}.{os.getpid()}.tmp"
    try:
        with tmp.open("wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        _check_download(tmp, source, asn)
        os.replace(tmp, final)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return final


def _check_download(path: Path, source: str, asn: bool) -> None:
    """Open a downloaded file as what it should be; GeoIPError when it is not (BLOCKING)."""
    try:
        if asn:
            AsnDatabase.open(path).close()
            return
        check = GeoIP.open(path)
    except GeoIPError as err:
        raise GeoIPError(f"database from {source or 'the download'} is unusable: {err}") from err
    has_country = check.has_country
    check.close()
    if not has_country:
        raise GeoIPError(f"database from {source} has no country records")


def update_due(path: str | os.PathLike[str], now: float | None = None) -> bool:
    """Tell whether the downloaded file is missing or older than UPDATE_AFTER_DAYS (BLOCKING)."""
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        return True
    return ((time.time() if now is None else now) - mtime) / 86400.0 > UPDATE_AFTER_DAYS
