"""What each film may be used for, what the kit made from it, and when it must go.

The consent register (``consent.json`` in the workspace) records, per film, who is in it,
the uses consented and until when, and the date it must be erased by. Every kit job that
makes something to show another person checks the intended use here first
(:func:`check_use`). The ledger (``derived-files.jsonl``) remembers which film each
proxy, cut, still, sheet, reel and cache came from, so an audit can list them and an
erase can remove exactly them. See docs/privacy.md.

"""

from __future__ import annotations

from .audit import AuditReport, privacy_audit
from .consent import ROLES, USES, FilmConsent, Person, UseConsent
from .erase import EraseReport, erase_film, plan_erase
from .gate import check_use, consent_status
from .register import ConsentRegister, record_consent

__all__ = [
    "ROLES",
    "USES",
    "AuditReport",
    "ConsentRegister",
    "EraseReport",
    "FilmConsent",
    "Person",
    "UseConsent",
    "check_use",
    "consent_status",
    "erase_film",
    "plan_erase",
    "privacy_audit",
    "record_consent",
]
