"""Password policy: length, not the user name, not among the 1,000 most common."""

from __future__ import annotations

import pytest

from api.web.accounts import password_problems


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("kort-1", "minstens 12 tekens"),
        ("anna-is-de-beste-2026", "gebruikersnaam"),
        ("1qaz2wsx3edc", "veelgebruikte"),
        ("qwertyuiopasdfgh", None),  # long enough and not in the top 1,000
    ],
)
def test_password_policy(password: str, problem: str | None) -> None:
    problems = password_problems(password, "anna")
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems
