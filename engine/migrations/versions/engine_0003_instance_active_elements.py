"""process instances keep their active BPMN elements for the case page's diagram

Revision ID: engine_0003
Revises: engine_0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "engine_0003"
down_revision: str | Sequence[str] | None = "engine_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("process_instances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active_elements", sa.JSON(), nullable=True))
    # A finished process has nothing open; running ones fill the column at their next step
    # (until then the case page computes it from the workflow, as before).
    op.execute("UPDATE process_instances SET active_elements = '{}' WHERE status = 'completed'")


def downgrade() -> None:
    with op.batch_alter_table("process_instances", schema=None) as batch_op:
        batch_op.drop_column("active_elements")
