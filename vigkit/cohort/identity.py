"""Who is using the kit: the hub's user (``JUPYTERHUB_USER``) or the Unix account, their hub
groups (asked of the hub that started this server, never anywhere else), and the binding
of a pseudonym to the first account that used it (``owner.json``: a salted hash, no name).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import ipaddress
import json
import os
import pwd
import secrets
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..coding.events import utc_now
from ..core.atomic import fsync_directory
from ..core.limits import parse_json
from .settings import CohortError, CohortSettings

HUB_USER_ENV = "JUPYTERHUB_USER"
HUB_API_ENV = "JUPYTERHUB_API_URL"
HUB_TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
OWNER_FILE = "owner.json"
_TIMEOUT = 5.0


@dataclass(frozen=True)
class Account:
    """The account the kit runs for; on a hub, also its hub groups (None: the hub's token
    may not read them)."""

    name: str
    groups: frozenset[str] | None = None
    on_hub: bool = False


def current_account(settings: CohortSettings | None = None) -> Account:
    """The hub user (with groups, from the hub API) or the Unix user."""
    api = os.environ.get(HUB_API_ENV)
    if api:
        return hub_account(api, os.environ.get(HUB_TOKEN_ENV, ""), settings)
    hub_user = os.environ.get(HUB_USER_ENV)
    if hub_user:
        return Account(hub_user)
    return Account(pwd.getpwuid(os.getuid()).pw_name)


def hub_account(api: str, token: str, settings: CohortSettings | None = None) -> Account:
    """Ask the hub at ``api`` (``GET api/user``) who holds ``token`` and in which groups."""
    url = api.rstrip("/") + "/user"
    parts = urllib.parse.urlsplit(url)
    allowed = settings.hub_hosts if settings is not None else ()
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CohortError(f"{HUB_API_ENV} is '{api}', which is not a web address of a hub")
    if not _is_loopback(parts.hostname) and parts.hostname not in allowed:
        where = f" in {settings.source}" if settings is not None and settings.source else ""
        raise CohortError(
            f"the hub's API is at {parts.hostname}, not on this computer; the kit asks no "
            f"other computer unless it is listed under hub_hosts{where}"
        )
    if not token:
        raise CohortError(
            f"{HUB_TOKEN_ENV} is not set, so the kit cannot ask the hub who you are; "
            "start your server from the hub again"
        )
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
        with opener.open(request, timeout=_TIMEOUT) as answer:
            data = parse_json(answer.read(1 << 20))
    except urllib.error.HTTPError as error:
        raise CohortError(
            f"the hub at {parts.netloc} refused to say who you are (HTTP {error.code}); "
            "log in to the hub again"
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise CohortError(
            f"the hub at {parts.netloc} did not answer ({error}); check that the hub is running"
        ) from None
    name = data.get("name") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name:
        raise CohortError(f"the hub at {parts.netloc} gave an answer the kit cannot read")
    groups = data.get("groups")
    if not isinstance(groups, list):  # the token may not read the user's groups
        return Account(name, None, on_hub=True)
    return Account(name, frozenset(str(g) for g in groups if isinstance(g, str)), on_hub=True)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(host).is_loopback
    with contextlib.suppress(OSError):
        return all(
            ipaddress.ip_address(a[4][0]).is_loopback for a in socket.getaddrinfo(host, None)
        )
    return False


def account_hash(account: str, salt: str) -> str:
    """The salted hash that stands for an account in the exchange."""
    return hashlib.sha256(f"{salt}:{account}".encode()).hexdigest()


def bind_owner(folder: Path, pseudonym: str, account: Account) -> None:
    """Bind ``pseudonym`` (its folder) to ``account`` on first use; refuse another account.

    The binding is created exclusively (a hard link of a finished file), so of two accounts
    claiming a pseudonym at the same instant exactly one wins.
    """
    owner = folder / OWNER_FILE
    if not owner.exists():
        salt = secrets.token_hex(16)
        record = {"pseudonym": pseudonym, "salt": salt, "account": account_hash(account.name, salt)}
        text = json.dumps({**record, "since": utc_now()}, indent=2) + "\n"
        draft = folder / f".{OWNER_FILE}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
        try:
            with open(draft, "x", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(draft, 0o644)
            with contextlib.suppress(FileExistsError):
                os.link(draft, owner)
        except OSError as error:
            if error.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            raise CohortError(
                f"the exchange's disk is full, so {pseudonym} cannot start in {folder.parent}; "
                "nothing was written – ask whoever runs the hub to free some space"
            ) from None
        finally:
            with contextlib.suppress(OSError):
                draft.unlink()
        fsync_directory(folder)
    if not owns(folder, account):
        raise CohortError(
            f"{pseudonym} is already used by another account in this course, so the kit will "
            f"not read or write {pseudonym}'s work for you ({account.name}); use your own "
            "pseudonym, or ask your supervisor"
        )


def owns(folder: Path, account: Account) -> bool:
    """Whether ``account`` is the one bound to the pseudonym of ``folder``."""
    path = folder / OWNER_FILE
    try:
        data = parse_json(path.read_text(encoding="utf-8"))
        return bool(data["account"] == account_hash(account.name, str(data["salt"])))
    except (OSError, ValueError, KeyError, TypeError) as error:
        if isinstance(error, PermissionError):
            return False
        raise CohortError(
            f"{path}: this file, which says whose pseudonym this is, is damaged or missing; "
            "ask your supervisor to look at it"
        ) from None
