"""Where phones can reach this laptop: PUBLIC_URL, else the LAN address and port."""
from __future__ import annotations

import ipaddress
import socket
import subprocess

from flask import current_app


def lan_address() -> str:
    """The first private IPv4 address of this machine, found without sending anything."""
    candidates: list[str] = []
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=2).stdout
        candidates += out.split()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        candidates += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None,
                                                                  socket.AF_INET)]
    except OSError:
        pass
    for address in candidates:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        if ip.version == 4 and not ip.is_loopback and not ip.is_link_local:
            return address
    return "127.0.0.1"


def lan_base_url(config) -> str:
    if config.get("PUBLIC_URL"):
        return config["PUBLIC_URL"].rstrip("/")
    return f"http://{lan_address()}:{config['PORT']}"


def base_url() -> str:
    """The address phones reach this server on."""
    return lan_base_url(current_app.config)


def join_url(session) -> str:
    return f"{base_url()}/j/{session.code}"
