"""Secret: the value travels, its text never shows by accident."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from app.domain.secret import Secret

TOKEN = "pat-0123456789abcdef"


def test_reveal_gives_the_text() -> None:
    assert Secret(TOKEN).reveal() == TOKEN


def test_every_accidental_rendering_is_masked() -> None:
    secret = Secret(TOKEN)
    renderings = [
        repr(secret),
        str(secret),
        f"{secret}",
        f"{secret!r}",
        f"{secret:>30}",
        "%s %r" % (secret, secret),  # noqa: UP031 - the old style is what logging uses
        "{}".format(secret),  # noqa: UP032
        repr([secret]),
        repr({"token": secret}),
    ]
    for text in renderings:
        assert TOKEN not in text
    assert repr(secret) == "Secret('********')"
    assert str(secret) == "********"


def test_an_empty_secret_says_so() -> None:
    assert not Secret("")
    assert repr(Secret("")) == "Secret('')"
    assert Secret("x")


def test_equality_and_hashing_follow_the_value() -> None:
    assert Secret(TOKEN) == Secret(TOKEN)
    assert Secret(TOKEN) != Secret(TOKEN + "x")
    assert Secret(TOKEN) != TOKEN
    assert len({Secret(TOKEN), Secret(TOKEN)}) == 1


def test_it_is_immutable_and_refuses_to_be_serialised() -> None:
    secret = Secret(TOKEN)
    with pytest.raises(AttributeError):
        secret._value = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    with pytest.raises(TypeError):
        json.dumps({"token": secret})
    # immutable, so copies (dataclasses.replace, deepcopy of a config) are the same object
    assert copy.copy(secret) is secret
    assert copy.deepcopy({"s": secret})["s"] is secret


def test_only_text_can_be_wrapped() -> None:
    with pytest.raises(TypeError, match="wraps a str"):
        Secret(b"bytes")  # type: ignore[arg-type]
