"""Counts and nouns agree."""

from app.domain.wording import counted


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert counted(1, "change") == "1 change"
    assert counted(0, "change") == "0 changes"
    assert counted(3, "permission scheme") == "3 permission schemes"
    assert counted(2, "matrix", "matrices") == "2 matrices"
