"""Staff passwords: the policy (long, not common) and argon2id hashing."""
from __future__ import annotations

import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.profiles import RFC_9106_LOW_MEMORY
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

DEFAULT_COST = (RFC_9106_LOW_MEMORY.time_cost, RFC_9106_LOW_MEMORY.memory_cost, RFC_9106_LOW_MEMORY.parallelism)
MIN_LENGTH = 12
MAX_LENGTH = 200
NOT_A_LETTER = re.compile(r"[^a-z]")
NOT_A_LETTER_OR_DIGIT = re.compile(r"[\s\W_]")

# Words people build passwords from; a password that is only these (with digits and symbols
# around them, or repeated) is refused.
COMMON_WORDS = frozenset("""
password passw0rd pass word qwerty qwertz azerty asdf zxcv letmein welcome admin administrator
login iloveyou love monkey dragon football rugby soccer baseball sunshine princess shadow master
superman batman trustno hello secret abc abcdef changeme default guest test user llais survey arolwg
cymru wales wale cymraeg cariad diolch croeso bore nos draig ddraig abertawe caerdydd cardiff
swansea powys ceredigion dyfed carmarthen pembroke summer winter spring autumn january february
march april may june july august september october november december monday friday
""".split())

# Whole passwords of at least twelve characters that appear at the top of breach lists.
COMMON_PASSWORDS = frozenset("""
123456789012 1234567890123 12345678901234 123456789101 1234567891011 111111111111 000000000000
123123123123 112233445566 123412341234 121212121212 987654321098 147258369147 123456654321
qwertyuiop12 qwertyuiop123 1q2w3e4r5t6y 1qaz2wsx3edc qazwsxedcrfv q1w2e3r4t5y6 zaq12wsxcde3
qwerty123456 qwertyuiopas asdfghjkl123 passwordpassword password1234 password12345 password123456
iloveyou1234 welcome12345 letmein12345 abcdefghijkl abcd1234abcd 1234abcd1234 aaaaaaaaaaaa
correcthorsebatterystaple cymruambyth cymruambyth1 cymruambyth123 ilovewales123 trustno1trustno1
""".split())

KEYBOARD_RUNS = ("qwertyuiopasdfghjklzxcvbnm", "1234567890", "abcdefghijklmnopqrstuvwxyz",
                 "0987654321", "zyxwvutsrqponmlkjihgfedcba", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p")

TOO_SHORT = _l("Your password must be at least 12 characters long.")
TOO_LONG = _l("Your password must be 200 characters or fewer.")
TOO_COMMON = _l("This password is too common or too easy to guess. Choose a longer one, such as "
                "three or four unrelated words.")
HAS_EMAIL = _l("Your password must not contain your email address.")


@lru_cache(maxsize=1024)
def _only_common(text: str) -> bool:
    """True when text is made only of common words (possibly repeated)."""
    if not text:
        return True
    return any(text.startswith(word) and _only_common(text[len(word):]) for word in COMMON_WORDS)


def _is_run(text: str) -> bool:
    return len(text) >= 4 and any(text in run * 2 for run in KEYBOARD_RUNS)


def password_problem(password: str, email: str = "") -> str | None:
    """Why this password cannot be used (a translated message), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return str(TOO_SHORT)
    if len(password) > MAX_LENGTH:
        return str(TOO_LONG)
    lowered = password.lower()
    local_part = email.lower().split("@")[0]
    if len(local_part) >= 4 and (local_part in lowered or email.lower() in lowered):
        return str(HAS_EMAIL)
    letters = NOT_A_LETTER.sub("", lowered)
    squeezed = NOT_A_LETTER_OR_DIGIT.sub("", lowered)
    if (lowered in COMMON_PASSWORDS or squeezed in COMMON_PASSWORDS or len(set(lowered)) < 5
            or _only_common(letters) or _is_run(squeezed) or _is_run(letters)):
        return str(TOO_COMMON)
    return None


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def cost() -> tuple[int, int, int]:
    """argon2id's time cost, memory (KiB) and parallelism: the library's recommendation, unless the
    settings ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_PARALLELISM say otherwise (tests go faster)."""
    if not has_app_context():
        return DEFAULT_COST
    config = current_app.config
    return (int(config.get("ARGON2_TIME_COST", DEFAULT_COST[0])),
            int(config.get("ARGON2_MEMORY_KIB", DEFAULT_COST[1])),
            int(config.get("ARGON2_PARALLELISM", DEFAULT_COST[2])))


def hasher() -> PasswordHasher:
    """argon2id (the library's default type) at the configured cost."""
    return _hasher(*cost())


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches; never raises for a wrong password or a damaged hash."""
    try:
        return hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def dummy_hash() -> str:
    """A hash to check against when there is no such account, so that answering takes as long."""
    return _dummy_hash(cost())


@lru_cache(maxsize=4)
def _dummy_hash(params: tuple[int, int, int]) -> str:
    return _hasher(*params).hash("llais-no-such-account-" + "x" * 20)
