"""The client address that login throttling counts behind reverse proxies (issue 4):
``X-Forwarded-For`` is read only when ``PROJECTBOARD_TRUSTED_PROXIES`` says how many proxies
stand in front, and then counted from the right, so a client cannot choose its address."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from projectboard.web.accounts import throttle

PROXY = "10.0.0.1"  # REMOTE_ADDR: the proxy nearest the server

# (trusted proxies, X-Forwarded-For or None for no header, the client address counted)
CASES = [
    # No trusted proxy: the header is the client's to invent, so it is ignored.
    (0, None, PROXY),
    (0, "203.0.113.7", PROXY),
    (0, "203.0.113.7, 198.51.100.2", PROXY),
    # One proxy: it appends the address it saw, the last entry.
    (1, "203.0.113.7", "203.0.113.7"),
    (1, "1.1.1.1, 203.0.113.7", "203.0.113.7"),  # 1.1.1.1 is what the client sent
    (1, "1.1.1.1,203.0.113.7", "203.0.113.7"),
    (1, " 203.0.113.7 ", "203.0.113.7"),
    # Two proxies: the outer one's entry is second from the right.
    (2, "1.1.1.1, 203.0.113.7, 192.168.1.5", "203.0.113.7"),
    (2, "203.0.113.7, 192.168.1.5", "203.0.113.7"),
    # Fewer entries than proxies: not through the proxies as configured.
    (2, "203.0.113.7", PROXY),
    (1, None, PROXY),
    (1, "", PROXY),
    (1, " , ", PROXY),
    # An entry that is not an address is not used; ports some proxies add are dropped.
    (1, "unknown", PROXY),
    (1, "1.1.1.1, not-an-ip", PROXY),
    (1, "203.0.113.7:51234", "203.0.113.7"),
    (1, "[2001:db8::7]:443", "2001:db8::7"),
    (1, "2001:DB8:0::7", "2001:db8::7"),
    # A negative count is no proxy.
    (-1, "203.0.113.7", PROXY),
]


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), CASES)
def test_the_client_address(
    settings: Settings, proxies: int, forwarded: str | None, expected: str
) -> None:
    settings.PROJECTBOARD_TRUSTED_PROXIES = proxies
    meta: dict[str, object] = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert throttle.client_ip(meta) == expected


def test_no_setting_means_no_proxy(settings: Settings) -> None:
    del settings.PROJECTBOARD_TRUSTED_PROXIES
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert throttle.client_ip(meta) == PROXY


def test_no_address_at_all_is_none(settings: Settings) -> None:
    settings.PROJECTBOARD_TRUSTED_PROXIES = 1
    assert throttle.client_ip({}) is None
    assert throttle.client_ip({"REMOTE_ADDR": ""}) is None


# -- through the login page ------------------------------------------------------------------


@pytest.fixture
def _three_failures_per_address(settings: Settings, db: None) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PROJECTBOARD_LOGIN_MAX_FAILURES_PER_IP = 3


def attempt(forwarded: str, username: str) -> int:
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    response = client.post(reverse("login"), {"username": username, "password": "wrong"})
    return response.status_code


@pytest.mark.usefixtures("_three_failures_per_address")
def test_behind_a_proxy_each_client_is_counted_apart(settings: Settings) -> None:
    settings.PROJECTBOARD_TRUSTED_PROXIES = 1
    for n in range(3):
        assert attempt("203.0.113.7", f"user{n}") == 200
    assert attempt("203.0.113.7", "user3") == 429
    # A client sending a made-up address first is still counted by the proxy's entry.
    assert attempt("198.51.100.2, 203.0.113.7", "user4") == 429
    # Another client through the same proxy is not refused.
    assert attempt("203.0.113.8", "user5") == 200


@pytest.mark.usefixtures("_three_failures_per_address")
def test_without_a_trusted_proxy_a_made_up_header_does_not_escape_the_limit(
    settings: Settings,
) -> None:
    settings.PROJECTBOARD_TRUSTED_PROXIES = 0
    for n in range(3):
        assert attempt(f"203.0.113.{n}", f"user{n}") == 200
    assert attempt("203.0.113.99", "user3") == 429
