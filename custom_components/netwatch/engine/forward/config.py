"""Forwarder settings: where to send, how to authenticate, what to send, how long to keep it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

type SendMode = Literal["all", "denied", "none"]
type Storage = Literal["auto", "data_streams", "daily_indices"]

DATASETS: tuple[str, ...] = ("flows", "firewall", "scans")
"""One data stream (or one daily index series) per dataset: `<prefix>-<dataset>`."""

_MAX_PREFIX = 64
# Index names: lower case, no `\ / * ? " < > | , # :` or spaces, not starting with - _ + . ;
# netwatch also keeps to [a-z0-9._-] so its own names are safe in URLs and in wildcard patterns.
_PREFIX_RE = re.compile(r"[a-z0-9][a-z0-9._-]*")
_SAMPLE_RE = re.compile(r"(all|denied)_1_in_(\d+)")
# The form of netwatch 0.1.0 ("all:1/10"); still read, so old settings and typed values work.
_LEGACY_SAMPLE_RE = re.compile(r"(all|denied):1/(\d+)")


def validate_prefix(text: str) -> str:
    """Return the index/data-stream prefix if usable; ValueError says why not."""
    prefix = text.strip()
    if not prefix or len(prefix) > _MAX_PREFIX:
        raise ValueError(f"the prefix must be 1-{_MAX_PREFIX} characters")
    if not _PREFIX_RE.fullmatch(prefix):
        raise ValueError("the prefix may hold only a-z, 0-9, '.', '_' and '-' (not first)")
    return prefix


def validate_url(text: str) -> str:
    """Return a node URL without a trailing slash; ValueError unless it is http(s)://host[:port]."""
    url = text.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {text!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"give credentials as options, not in the URL: {text!r}")
    return url


@dataclass(frozen=True, slots=True)
class SendPolicy:
    """Which documents of one kind are forwarded: all, denied only, or none; then 1 in `sample`."""

    mode: SendMode = "all"
    sample: int = 1
    """Forward every `sample`-th document that passes `mode` (1 = every one). Deterministic."""

    def __post_init__(self) -> None:
        """Reject unknown modes and sampling below 1."""
        if self.mode not in ("all", "denied", "none"):
            raise ValueError(f"unknown send mode {self.mode!r}")
        if self.sample < 1:
            raise ValueError("sample must be >= 1")

    @classmethod
    def parse(cls, value: str | SendPolicy) -> SendPolicy:
        """Parse "all", "denied", "none", "all_1_in_N" or "denied_1_in_N" ("all:1/N" too)."""
        if isinstance(value, SendPolicy):
            return value
        text = value.strip().lower()
        if match := _SAMPLE_RE.fullmatch(text) or _LEGACY_SAMPLE_RE.fullmatch(text):
            mode: SendMode = "all" if match.group(1) == "all" else "denied"
            return cls(mode, int(match.group(2)))
        if text in ("all", "denied", "none"):
            return cls(text)  # type: ignore[arg-type]  # narrowed by the membership test
        raise ValueError(
            f"unknown send policy {value!r}; use all, denied, none, all_1_in_N or denied_1_in_N"
        )

    def __str__(self) -> str:
        """Render in the form `parse` reads (also a valid Home Assistant translation key)."""
        return self.mode if self.sample == 1 else f"{self.mode}_1_in_{self.sample}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ForwarderConfig:
    """Everything the forwarder needs; validated on construction (ValueError)."""

    urls: Sequence[str]
    """Node URLs of one cluster (stored as a tuple); failover rotates through them."""
    api_key: str | None = None
    """Elasticsearch API key, the base64 "encoded" form (sent as `Authorization: ApiKey ...`)."""
    username: str | None = None
    password: str | None = None
    verify_tls: bool = True
    ca_path: str | None = None
    """PEM file of a private CA to trust in addition to nothing else (verification stays on)."""
    prefix: str = "netwatch"
    send_flows: SendPolicy = field(default_factory=SendPolicy)
    send_firewall: SendPolicy = field(default_factory=SendPolicy)
    send_scans: SendPolicy = field(default_factory=SendPolicy)
    retention_days: int = 30
    storage: Storage = "auto"
    """auto: data streams where the server has them, else daily indices."""
    batch_size: int = 1000
    flush_interval: float = 2.0
    """Seconds a document may wait for its batch to fill."""
    max_queue: int = 50_000
    """Documents waiting to be sent; more are dropped (reason queue_full)."""
    max_in_flight: int = 2
    """Concurrent `_bulk` requests."""
    max_retries: int = 8
    """Retries of one batch (429, 5xx, timeouts, refused) before it is dropped."""
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    request_timeout: float = 30.0
    retention_interval: float = 3600.0
    """Seconds between retention passes run by `async_run` (0 disables them)."""

    def __post_init__(self) -> None:
        """Validate and normalise the settings."""
        if isinstance(self.urls, str):
            raise TypeError("urls must be a sequence of URLs, not one string")
        if not self.urls:
            raise ValueError("at least one URL is needed")
        object.__setattr__(self, "urls", tuple(validate_url(url) for url in self.urls))
        object.__setattr__(self, "prefix", validate_prefix(self.prefix))
        for name in ("send_flows", "send_firewall", "send_scans"):
            object.__setattr__(self, name, SendPolicy.parse(getattr(self, name)))
        if self.api_key and (self.username or self.password):
            raise ValueError("use either an API key or a user name and password, not both")
        if bool(self.username) != bool(self.password):
            raise ValueError("a user name needs a password and vice versa")
        if self.storage not in ("auto", "data_streams", "daily_indices"):
            raise ValueError(f"unknown storage {self.storage!r}")
        positive = ("retention_days", "batch_size", "max_queue", "max_in_flight")
        for name in positive:
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1")
        if self.max_retries < 0 or self.flush_interval <= 0 or self.request_timeout <= 0:
            raise ValueError("max_retries >= 0, flush_interval > 0 and request_timeout > 0")
