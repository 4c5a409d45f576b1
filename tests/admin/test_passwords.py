"""The password policy and hashing."""
from __future__ import annotations

import pytest

from survey.admin import passwords


@pytest.fixture(autouse=True)
def in_a_request(app):
    with app.test_request_context("/admin/sign-in"):
        yield


@pytest.mark.parametrize("password", [
    "short", "elevenchars", "password1234", "Password1234!", "123456789012", "qwertyuiop12",
    "aaaaaaaaaaaaaaaa", "abcdefghijklmnop", "CymruAmByth123", "cymrucymrucymru", "llais2026llais",
    "passwordpassword", "1q2w3e4r5t6y", "iloveyou1234",
])
def test_weak_passwords_are_refused(app, password):
    assert passwords.password_problem(password) is not None


@pytest.mark.parametrize("password", [
    "violet kettle murmur sprocket", "Tafarn-Glas-Pysgodyn-42", "zebra quartz lantern 7",
])
def test_strong_passwords_are_accepted(app, password):
    assert passwords.password_problem(password, "someone@example.org") is None


def test_a_password_holding_the_email_address_is_refused(app):
    assert passwords.password_problem("gwenllian-lantern-quartz", "gwenllian@example.org") is not None


def test_hashes_are_argon2id_and_verify(app):
    hashed = passwords.hash_password("violet kettle murmur sprocket")
    assert hashed.startswith("$argon2id$")
    assert passwords.verify_password(hashed, "violet kettle murmur sprocket")
    assert not passwords.verify_password(hashed, "violet kettle murmur sprockets")
    assert not passwords.verify_password("not a hash", "anything")


def test_the_default_cost_is_the_recommended_one():
    assert passwords.DEFAULT_COST == (3, 65536, 4)
    assert passwords._hasher(*passwords.DEFAULT_COST).hash("x" * 12).startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_hash_made_at_another_cost_still_verifies_and_is_upgraded(app):
    old = passwords._hasher(1, 512, 1).hash("violet kettle murmur sprocket")
    assert passwords.verify_password(old, "violet kettle murmur sprocket")
    app.config["ARGON2_MEMORY_KIB"] = 2048
    assert passwords.needs_rehash(old)
