"""Where `fetch` may connect: public addresses, and private ones (loopback, RFC 1918, link-local,
unique local) only for the origin of a configured source or a network in `fetch.allow_private`.

A feed is data from someone else: without this, a feed link or a redirect to
`http://10.0.0.5:8080/admin` makes audionews, inside a newsroom's network, fetch it (server-side
request forgery). The check runs before each request and hop, and again in the connector's
resolver, so a name that resolves to a public address first and a private one later is caught.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp.abc import ResolveResult
from aiohttp.resolver import ThreadedResolver

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """A request to an address the policy does not allow; str() says which and how to allow it."""


def origin_of(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


def parse_networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    """`fetch.allow_private` entries as networks; ValueError names the first that is not one."""
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values)


@dataclass(frozen=True)
class AddressPolicy:
    origins: frozenset[tuple[str, int]]  # the configured sources' own (host, port)
    networks: tuple[Network, ...] = ()

    @classmethod
    def for_sources(cls, urls: list[str], allow_private: tuple[str, ...]) -> AddressPolicy:
        return cls(frozenset(origin_of(u) for u in urls), parse_networks(allow_private))

    def refusal(self, host: str, port: int, address: Address) -> str | None:
        """Why `address` (what `host` resolved to) may not be fetched, or None when it may."""
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped  # ::ffff:127.0.0.1 is loopback
        if address.is_global and not address.is_multicast:
            return None
        if (host.lower(), port) in self.origins or any(address in net for net in self.networks):
            return None
        return f"refused: {host} is a private or local address ({address}); fetch.allow_private lists what may be"

    async def check(self, url: str) -> None:
        """AddressRefused when `url`'s host is, or resolves to, an address not allowed."""
        host, port = origin_of(url)
        for address in await _addresses(host, port):
            reason = self.refusal(host, port, address)
            if reason:
                raise AddressRefused(reason)


async def _addresses(host: str, port: int) -> list[Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise AddressRefused(f"cannot resolve {host} ({exc})") from None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


class GuardedResolver(ThreadedResolver):
    """aiohttp's resolver, refusing what the policy refuses (a name rebound between checks)."""

    def __init__(self, policy: AddressPolicy) -> None:
        super().__init__()
        self.policy = policy

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await super().resolve(host, port, family)
        for result in found:
            reason = self.policy.refusal(host, port, ipaddress.ip_address(result["host"].split("%")[0]))
            if reason:
                raise OSError(reason)
        return found
