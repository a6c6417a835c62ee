"""HTTP fetching for the watcher, with the checks that following links from the internet needs.

A feed is written by someone else: its links may point at `file://`, at the machine itself
(127.0.0.1, ::1), at the local network (10/8, 192.168/16, the cloud metadata address
169.254.169.254…), or redirect there. Links are refused unless they are http(s) and every address
their host resolves to is public; each redirect is checked again. `allow_private` lifts the
address check (tests on 127.0.0.1, intranets); `file://` and other schemes are never followed.
Bodies are read up to `max_bytes`, so a hostile server cannot exhaust memory.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from veille.watch.config import FetchPolicy

MAX_REDIRECTS = 5


class FetchError(Exception):
    """A fetch that failed (network, status, size); the source is retried later."""


class RefusedURL(FetchError):
    """A URL the policy forbids (scheme, private address); never retried."""


@dataclass(slots=True)
class Fetched:
    url: str              # after redirects
    status: int
    content: bytes
    headers: dict[str, str]


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, policy: FetchPolicy) -> None:
    """Raise RefusedURL unless the URL may be fetched under this policy."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise RefusedURL(f"{url}: refused: only http and https links are followed, not {parts.scheme or 'a path'!r}")
    host = parts.hostname
    if not host:
        raise RefusedURL(f"{url}: refused: no host")
    if policy.allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise RefusedURL(f"{url}: refused: {exc}") from None
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve {host}: {exc}") from None
    for *_, sockaddr in infos:
        if not _public(sockaddr[0]):
            raise RefusedURL(f"{url}: refused: {host} resolves to the non-public address {sockaddr[0]}"
                             " (set allow_private: true to allow it)")


def fetch(client, url: str, policy: FetchPolicy, check: bool = True,
          headers: dict[str, str] | None = None) -> Fetched:
    """GET url with an httpx.Client that does not follow redirects; each hop is checked."""
    import httpx

    current = url
    for _ in range(MAX_REDIRECTS + 1):
        if check:
            check_url(current, policy)
        try:
            with client.stream("GET", current, headers=headers or {}, timeout=policy.timeout) as response:
                if response.status_code in (301, 302, 303, 307, 308) and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    continue
                if response.status_code == 304:
                    return Fetched(current, 304, b"", dict(response.headers))
                if response.status_code >= 400:
                    raise FetchError(f"{current}: HTTP {response.status_code}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > policy.max_bytes:
                    raise FetchError(f"{current}: {declared} bytes, more than max_bytes {policy.max_bytes}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > policy.max_bytes:
                        raise FetchError(f"{current}: more than max_bytes {policy.max_bytes}")
                return Fetched(current, response.status_code, bytes(body), dict(response.headers))
        except httpx.HTTPError as exc:
            raise FetchError(f"{current}: {type(exc).__name__}: {exc}") from None
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def make_client(policy: FetchPolicy):
    import httpx

    return httpx.Client(follow_redirects=False, timeout=policy.timeout,
                        headers={"User-Agent": policy.user_agent})
