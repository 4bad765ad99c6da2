"""Login throttling: failed attempts per username and per client address (issue 4)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from projectboard.web.accounts import throttle

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

PASSWORD = "correct horse battery staple"
WRONG = "not the password"


class Clock:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Settings) -> None:
    """Argon2 is slow on purpose; the throttle does not depend on the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(throttle, "now", c)
    return c


@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_user("alice", password=PASSWORD)


@pytest.fixture
def bob(db: None) -> User:
    return User.objects.create_user("bob", password=PASSWORD)


def client_from(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def attempt(client: Client, username: str, password: str) -> Response:
    return client.post(reverse("login"), {"username": username, "password": password})


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        assert attempt(client, username, WRONG).status_code == 200


def test_the_sixth_attempt_is_refused_even_with_the_right_password(
    alice: User, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_from("10.0.0.1")
    fail(client, "alice", 5)

    def no_authentication(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a refused attempt must not check the password")

    monkeypatch.setattr(auth_forms, "authenticate", no_authentication)
    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts; try again in 15 minutes" in response.content.decode()
    assert response["Retry-After"] == "900"
    assert not is_logged_in(client)
    # The page is still the login page, with its fields.
    assert "registration/login.html" in [t.name for t in response.templates]
    assert b'name="username"' in response.content and b'name="password"' in response.content


def test_usernames_are_counted_case_insensitively(alice: User, clock: Clock) -> None:
    client = client_from("10.0.0.1")
    fail(client, "Alice", 3)
    fail(client, "ALICE", 2)
    assert attempt(client, "alice", PASSWORD).status_code == 429


def test_a_compatibility_form_of_the_locked_username_is_refused(alice: User, clock: Clock) -> None:
    """Django's login form NFKC-normalises the username, so full-width 'ａlice' would log in
    as alice: it must be counted as alice too."""
    fail(client_from("10.0.0.1"), "alice", 5)
    other = client_from("10.0.0.2")
    response = attempt(other, "\uff41lice", PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(other)


def test_failures_under_a_compatibility_form_count_for_the_username(
    alice: User, clock: Clock
) -> None:
    client = client_from("10.0.0.1")
    fail(client, "\uff41lice", 3)
    fail(client, " ALICE ", 2)
    assert attempt(client, "alice", PASSWORD).status_code == 429
    assert not is_logged_in(client)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("alice", "alice"),
        ("  Alice\t", "alice"),
        ("\uff41lice", "alice"),  # full-width a
        ("\ufb00", "ff"),  # the ligature ﬀ
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        # Longer than the form allows: the form refuses it, and it is not normalised.
        ("\uff41" * 151, "\uff41" * 151),
    ],
)
def test_usernames_are_normalised_as_the_login_form_does(username: str, expected: str) -> None:
    assert throttle.normalized_username(username) == expected


def test_other_usernames_from_another_address_are_unaffected(
    alice: User, bob: User, clock: Clock
) -> None:
    fail(client_from("10.0.0.1"), "alice", 5)
    other = client_from("10.0.0.2")
    response = attempt(other, "bob", PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(other)


def test_the_locked_username_is_refused_from_any_address(alice: User, clock: Clock) -> None:
    fail(client_from("10.0.0.1"), "alice", 5)
    assert attempt(client_from("10.0.0.2"), "alice", PASSWORD).status_code == 429


def test_login_works_again_once_the_window_has_passed(alice: User, clock: Clock) -> None:
    client = client_from("10.0.0.1")
    fail(client, "alice", 5)
    clock.t += 10 * 60
    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "try again in 5 minutes" in response.content.decode()
    clock.t += 5 * 60 + 1
    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_the_window_slides_with_the_failures(alice: User, clock: Clock) -> None:
    client = client_from("10.0.0.1")
    fail(client, "alice", 4)
    clock.t += 14 * 60
    fail(client, "alice", 1)
    assert attempt(client, "alice", WRONG).status_code == 429
    clock.t += 60 + 1  # the first four have left the window; one failure is still in it
    fail(client, "alice", 4)
    assert attempt(client, "alice", WRONG).status_code == 429


def test_a_successful_login_resets_the_username_counter(alice: User, clock: Clock) -> None:
    client = client_from("10.0.0.1")
    fail(client, "alice", 4)
    assert attempt(client, "alice", PASSWORD).status_code == 302
    client.logout()
    fail(client, "alice", 4)
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_one_address_is_refused_after_twenty_failures_for_any_usernames(
    alice: User, clock: Clock
) -> None:
    client = client_from("10.0.0.9")
    for i in range(20):
        fail(client, f"nobody-{i}", 1)
    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)
    # Another address may still log in as the same user.
    assert attempt(client_from("10.0.0.10"), "alice", PASSWORD).status_code == 302


def test_the_limits_and_window_come_from_settings(
    alice: User, clock: Clock, settings: Settings
) -> None:
    settings.PROJECTBOARD_LOGIN_MAX_FAILURES = 2
    settings.PROJECTBOARD_LOGIN_FAILURE_WINDOW = 60
    client = client_from("10.0.0.1")
    fail(client, "alice", 2)
    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "try again in 1 minute." in response.content.decode()
    clock.t += 61
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_csrf_is_still_enforced(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
    assert not is_logged_in(client)
