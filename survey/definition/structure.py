"""What of a survey is frozen once it has responses: everything but its text and settings."""
from __future__ import annotations

from typing import Any

from ..sentences import Sentence
from .loader import format_path
from .rules import TEXT_KEYS

SETTINGS = ("opens", "closes", "channels", "retention_days", "format")


def structure(node: Any) -> Any:
    """The definition without its text: what stored answers depend on."""
    if isinstance(node, dict):
        return {k: structure(v) for k, v in node.items() if k not in TEXT_KEYS}
    if isinstance(node, list):
        return [structure(v) for v in node]
    return node


def _first_difference(old: Any, new: Any, path: list[Any]) -> str | None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            if key not in new:
                return Sentence("%(path)s was removed", path=format_path([*path, key]))
            if key not in old:
                return Sentence("%(path)s was added", path=format_path([*path, key]))
            found = _first_difference(old[key], new[key], [*path, key])
            if found:
                return found
        return None
    if isinstance(old, list) and isinstance(new, list):
        for i, (a, b) in enumerate(zip(old, new)):
            found = _first_difference(a, b, [*path, i])
            if found:
                return found
        if len(old) != len(new):
            return Sentence("%(path)s has %(new)s items instead of %(old)s", path=format_path(path),
                            new=len(new), old=len(old))
        return None
    if old != new:
        return Sentence("%(path)s changed from %(old)s to %(new)s", path=format_path(path),
                        old=repr(old), new=repr(new))
    return None


def structure_change(old_raw: dict[str, Any], new_raw: dict[str, Any]) -> str | None:
    """The first structural difference between two definitions, or None when only text differs."""
    strip = lambda raw: structure({k: v for k, v in raw.items() if k not in SETTINGS})  # noqa: E731
    return _first_difference(strip(old_raw), strip(new_raw), [])
