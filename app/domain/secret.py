"""A secret value (API token, password, PAT, API key) that never shows itself by accident."""

from __future__ import annotations

import hmac
from typing import Any, NoReturn

__all__ = ["Secret"]

_MASK = "********"


class Secret:
    """A str wrapper whose ``repr``, ``str`` and format are redacted; ``reveal()`` gives the text."""

    # not a str subclass on purpose: str.__format__, concatenation and json.dumps would
    # all read the underlying characters and leak them into f-strings and payloads
    __slots__ = ("_value",)

    _value: str

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"a Secret wraps a str, not {type(value).__name__}")
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        """The secret text; call it only where the secret leaves Jade (keychain, HTTP auth)."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{_MASK}')" if self._value else "Secret('')"

    def __str__(self) -> str:
        return _MASK if self._value else ""

    def __format__(self, format_spec: str) -> str:
        return format(str(self), format_spec)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        # constant time, so comparing secrets never hints at how much of one matched
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("a Secret is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("a Secret is immutable")

    def __copy__(self) -> Secret:
        return self  # immutable, so a copy may be the same object

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self

    def __reduce__(self) -> NoReturn:
        # pickling would write the secret into whatever file or pipe the pickle goes to
        raise TypeError("a Secret cannot be pickled")
