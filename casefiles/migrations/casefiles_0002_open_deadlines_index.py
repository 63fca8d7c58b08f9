"""open deadlines by due date (dashboard: deadlines at risk)

Revision ID: casefiles_0002
Revises: casefiles_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "casefiles_0002"
down_revision: str | Sequence[str] | None = "casefiles_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
OPEN = sa.text("met_on IS NULL")


def upgrade() -> None:
    # Partial: PostgreSQL does not read (tenant_id, met_on, due_on) in due_on order for
    # "met_on IS NULL" (IS NULL is no equality to the planner) and sorted every open term.
    op.create_index(
        "ix_cf_deadlines_open_due",
        "cf_deadlines",
        ["tenant_id", "due_on"],
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("ix_cf_deadlines_open_due", table_name="cf_deadlines")
