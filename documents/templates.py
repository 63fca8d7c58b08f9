"""Jinja2 letter templates: autoescaped, strict, validated when loaded.

Templates are data a functional administrator may edit: a copy placed in
``<data_dir>/templates/<tenant slug>`` (that municipality only) or ``<data_dir>/templates``
(every municipality) overrides the built-in one of the same name. Loading a template
checks every variable it uses against the context its letter provides, so a typo is an
error naming the template and line, never an empty string in a letter sent out.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
    nodes,
)

from documents.formatting import FILTERS
from engine.errors import FieldError, ValidationFailed

BUILTIN_DIR = Path(__file__).resolve().parent / "templates"


class TemplateInvalid(ValidationFailed):
    title = "Invalid letter template"


def make_environment(*override_dirs: Path | None) -> Environment:
    """Templates from the override folders first (they need not exist yet), then built-in."""
    paths = [str(p) for p in (*override_dirs, BUILTIN_DIR) if p is not None]
    env = Environment(
        loader=FileSystemLoader(paths),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=8)
def environment(*override_dirs: Path | None) -> Environment:
    return make_environment(*override_dirs)


def _bound_names(ast: nodes.Template) -> set[str]:
    names: set[str] = set()
    for node in ast.find_all((nodes.Name,)):
        if node.ctx in ("store", "param"):
            names.add(node.name)
    for macro in ast.find_all((nodes.Macro,)):
        names.add(macro.name)
    for imp in ast.find_all((nodes.FromImport,)):
        names.update(n if isinstance(n, str) else n[1] for n in imp.names)
    return names


def check_variables(env: Environment, name: str, allowed: Iterable[str]) -> None:
    """Refuse a template (and the templates it extends/includes) using unknown variables."""
    allowed_set = set(allowed) | set(env.globals)
    seen: set[str] = set()
    todo = [name]
    errors: list[FieldError] = []
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source, filename, _ = env.loader.get_source(env, current)  # type: ignore[union-attr]
            ast = env.parse(source, current, filename)
        except TemplateSyntaxError as exc:
            raise TemplateInvalid(
                f"template {current}, line {exc.lineno}: {exc.message}",
                [FieldError(f"{current}:{exc.lineno}", exc.message or "syntax error")],
            ) from exc
        bound = _bound_names(ast)
        for node in ast.find_all((nodes.Name,)):
            if node.ctx == "load" and node.name not in allowed_set | bound:
                errors.append(
                    FieldError(f"{current}:{node.lineno}", f"unknown variable {node.name!r}")
                )
        for ref in ast.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            target = getattr(ref, "template", None)
            if isinstance(target, nodes.Const):
                todo.append(target.value)
    if errors:
        first = errors[0]
        raise TemplateInvalid(
            f"template {first.field.replace(':', ', line ')}: {first.message}", errors
        )


_CHECKED: dict[tuple[int, str, frozenset[str]], Template] = {}


def load_template(env: Environment, name: str, allowed: Iterable[str]) -> Template:
    """The template, validated when first loaded and again whenever its file changes."""
    key = (id(env), name, frozenset(allowed))
    cached = _CHECKED.get(key)
    if cached is not None and cached.is_up_to_date:
        return cached
    check_variables(env, name, key[2])
    template = env.get_template(name)
    _CHECKED[key] = template
    return template


def render(template: Template, context: Mapping[str, Any]) -> str:
    """Render; a missing field becomes a ValidationFailed naming the template and line."""
    try:
        return template.render(context)
    except UndefinedError as exc:
        where = _template_line(exc, template.name or "?")
        raise TemplateInvalid(
            f"template {where}: {exc.message} (the case file lacks data this letter needs)",
            [FieldError(where, exc.message or "missing")],
        ) from exc
    except TemplateError as exc:
        where = _template_line(exc, template.name or "?")
        raise TemplateInvalid(f"template {where}: {exc}", [FieldError(where, str(exc))]) from exc


def _template_line(exc: BaseException, fallback: str) -> str:
    """Find the template frame in Jinja's rewritten traceback: ``name, line N``."""
    tb = exc.__traceback__ or sys.exc_info()[2]
    found = fallback
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".j2", ".xml")) or code.co_name in (
            "top-level template code",
        ):
            found = f"{Path(code.co_filename).name}, line {tb.tb_lineno}"
        tb = tb.tb_next
    return found
