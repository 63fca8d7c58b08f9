"""Scripts in models run restricted: no imports, no private attributes, few builtins."""

from __future__ import annotations

import pytest

from engine.process.scripting import RestrictedEnvironment, ScriptRefused


@pytest.mark.parametrize(
    "script",
    [
        "import os",
        "from subprocess import run",
        "x = ().__class__.__bases__",
        "x = __builtins__",
    ],
)
def test_escapes_are_refused(script: str) -> None:
    with pytest.raises(ScriptRefused):
        RestrictedEnvironment().execute(script, {})


def test_open_is_not_available() -> None:
    with pytest.raises(NameError):
        RestrictedEnvironment().execute("open('/etc/passwd')", {})


def test_plain_arithmetic_works() -> None:
    context = {"amount": 10}
    RestrictedEnvironment().execute("total = max(amount, 3) * 2", context)
    assert context["total"] == 20
