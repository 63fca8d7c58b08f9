from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import pool

from engine.db import Base, UTCDateTime, make_engine

config = context.config


def _render_item(type_: str, obj: Any, _ctx: Any) -> str | Literal[False]:
    # Migrations stay free of engine imports: UTC handling is the model's business.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url
    connectable = make_engine(url, poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
