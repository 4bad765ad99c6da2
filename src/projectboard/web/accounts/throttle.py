"""Counting failed logins per username and per client address, in Django's cache.

Each key holds the times of its recent failures (a sliding window). A username with
``PROJECTBOARD_LOGIN_MAX_FAILURES`` failures, or an address with
``PROJECTBOARD_LOGIN_MAX_FAILURES_PER_IP``, within ``PROJECTBOARD_LOGIN_FAILURE_WINDOW``
seconds is refused until the oldest of those failures leaves the window.

The read-then-write on the cache is not atomic, so a burst of simultaneous requests can
get a few attempts more than the limit through; the limit still bounds a steady attack.

The client address is ``REMOTE_ADDR``, unless ``PROJECTBOARD_TRUSTED_PROXIES`` says how many
reverse proxies stand in front of the server: then it is read from ``X-Forwarded-For``,
counting that many entries from the right (the entries further left are whatever the client
sent, and are never trusted).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
import unicodedata
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import models

DEFAULT_MAX_FAILURES = 5
DEFAULT_MAX_FAILURES_PER_IP = 20
DEFAULT_WINDOW_SECONDS = 15 * 60

KEY_PREFIX = "projectboard:login-failures"


def now() -> float:
    """The clock the throttle reads; the tests replace it to move time on."""
    return time.time()


def max_failures() -> int:
    return int(getattr(settings, "PROJECTBOARD_LOGIN_MAX_FAILURES", DEFAULT_MAX_FAILURES))


def max_failures_per_ip() -> int:
    return int(
        getattr(settings, "PROJECTBOARD_LOGIN_MAX_FAILURES_PER_IP", DEFAULT_MAX_FAILURES_PER_IP)
    )


def window_seconds() -> int:
    return int(getattr(settings, "PROJECTBOARD_LOGIN_FAILURE_WINDOW", DEFAULT_WINDOW_SECONDS))


def trusted_proxies() -> int:
    """How many reverse proxies in front of the server append to ``X-Forwarded-For``."""
    return max(0, int(getattr(settings, "PROJECTBOARD_TRUSTED_PROXIES", 0)))


def _address(text: str) -> str | None:
    """The IP address in one ``X-Forwarded-For`` entry (some proxies add a port), or None."""
    text = text.strip()
    candidates = [text]
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        candidates.append(text[1 : text.index("]")])
    elif text.count(":") == 1:  # 192.0.2.1:443
        candidates.append(text.split(":")[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_ip(meta: Mapping[str, object]) -> str | None:
    """The client's address for a request's ``META``.

    With no trusted proxy, ``REMOTE_ADDR``: a client can send any ``X-Forwarded-For`` it
    likes. With ``n`` trusted proxies, the ``n``-th entry of ``X-Forwarded-For`` from the
    right, the address the outermost proxy saw. A header with fewer entries than that, or an
    entry that is not an address, did not come through the proxies as configured, so
    ``REMOTE_ADDR`` is used then.
    """
    remote = meta.get("REMOTE_ADDR")
    remote_ip = str(remote) if remote else None
    count = trusted_proxies()
    if count == 0:
        return remote_ip
    entries = [e for e in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",") if e.strip()]
    if len(entries) < count:
        return remote_ip
    return _address(entries[-count]) or remote_ip


def _key(kind: str, value: str) -> str:
    # Hashed so that any username makes a short key that every cache backend accepts.
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()
    return f"{KEY_PREFIX}:{kind}:{digest}"


def _username_max_length() -> int:
    """The login form's limit on a username (``AuthenticationForm`` sets the same)."""
    model = get_user_model()
    field = model._meta.get_field(model.USERNAME_FIELD)
    assert isinstance(field, models.Field)
    return field.max_length or 254


def normalized_username(username: str) -> str:
    """The username as the login form hands it to ``authenticate``, casefolded.

    Like Django's ``UsernameField``: stripped, then NFKC-normalised unless it is longer than
    the form allows (the form refuses it then, and normalising long input costs time), so a
    full-width 'ａlice', which logs in as 'alice', is counted as 'alice'."""
    value = username.strip()
    if len(value) <= _username_max_length():
        value = unicodedata.normalize("NFKC", value)
    return value.casefold()


def username_key(username: str) -> str:
    return _key("user", normalized_username(username))


def ip_key(ip: str) -> str:
    return _key("ip", ip)


def _recent(key: str, at: float) -> list[float]:
    stored = cache.get(key)
    if not isinstance(stored, list):
        return []
    return sorted(t for t in stored if isinstance(t, float) and at - t < window_seconds())


def _wait(key: str, limit: int, at: float) -> float:
    """Seconds until ``key`` may try again, or 0 if it is under its limit."""
    recent = _recent(key, at)
    if limit <= 0 or len(recent) < limit:
        return 0.0
    # Allowed again once enough failures have left the window to bring it under the limit.
    return recent[len(recent) - limit] + window_seconds() - at


def retry_after(username: str, ip: str | None) -> float:
    """Seconds until an attempt for ``username`` from ``ip`` may be checked; 0 if now."""
    at = now()
    waits = [_wait(username_key(username), max_failures(), at)] if username.strip() else []
    if ip:
        waits.append(_wait(ip_key(ip), max_failures_per_ip(), at))
    return max(waits, default=0.0)


def _record(key: str, limit: int, at: float) -> None:
    recent = [*_recent(key, at), at][-max(limit, 1) :]
    cache.set(key, recent, timeout=window_seconds())


def record_failure(username: str, ip: str | None) -> None:
    at = now()
    if username.strip():
        _record(username_key(username), max_failures(), at)
    if ip:
        _record(ip_key(ip), max_failures_per_ip(), at)


def clear_username(username: str) -> None:
    cache.delete(username_key(username))


def minutes(seconds: float) -> int:
    """Whole minutes to tell the user, rounded up and never less than one."""
    return max(1, math.ceil(seconds / 60))
