"""The client's address as limits and throttles count it.

Behind nginx every request comes from 127.0.0.1, and the client is the address nginx appended
to `X-Forwarded-For` (docs/deployment.md). The header is believed only from a trusted proxy
(`AWARDBOT_TRUSTED_PROXIES`, loopback by default); a client that connects directly cannot
choose its own address with it. The rightmost address that is not a trusted proxy is the
client: anything left of it was written by the client itself.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import cache

from aiohttp import web

from bot.runtime import SETTINGS

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def networks(spec: str) -> tuple[Network, ...]:
    """`127.0.0.1/32,::1,10.0.0.0/8` as networks."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False)
                 for part in spec.split(",") if part.strip())


def _trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_ip(request: web.BaseRequest, trusted: Sequence[Network]) -> str:
    """The address the request came from, through trusted proxies."""
    remote = request.remote or ""
    if not _trusted(remote, trusted):
        return remote
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _trusted(hop, trusted):
            return hop
    return remote


def address_of(request: web.BaseRequest) -> str:
    """`client_ip` under the configured `AWARDBOT_TRUSTED_PROXIES`."""
    return client_ip(request, networks(request.app[SETTINGS].trusted_proxies))
