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


def test_a_failing_script_line_is_found() -> None:
    """Scripts run compiled (once per source); SpiffWorkflow still finds the failing line
    for the incident message."""
    from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine

    engine = PythonScriptEngine(environment=RestrictedEnvironment())
    script = "total = amount * 2\nshare = total / 0"
    with pytest.raises(ZeroDivisionError):
        try:
            engine.environment.execute(script, {"amount": 10})
        except ZeroDivisionError as err:
            found = engine.get_error_line_number_and_content(script, err)
            raise
    assert found == (2, "share = total / 0")
