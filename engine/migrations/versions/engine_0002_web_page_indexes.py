"""indexes for the web pages at 100,000 cases: work queue order, open cases per phase

Revision ID: engine_0002
Revises: engine_0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "engine_0002"
down_revision: str | Sequence[str] | None = "engine_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # With created_at in the index a lane's queue is read in order, not sorted: at 100,000
    # cases the demo's tasks share few due dates, so the old index left thousands to sort.
    op.drop_index("ix_work_items_queue", table_name="work_items")
    op.create_index(
        "ix_work_items_queue", "work_items", ["tenant_id", "role", "due_at", "created_at"]
    )
    # With phase the dashboard counts open cases per phase from the index alone.
    op.drop_index("ix_cases_tenant_status", table_name="cases")
    op.create_index("ix_cases_tenant_status_phase", "cases", ["tenant_id", "status", "phase"])


def downgrade() -> None:
    op.drop_index("ix_cases_tenant_status_phase", table_name="cases")
    op.create_index("ix_cases_tenant_status", "cases", ["tenant_id", "status"])
    op.drop_index("ix_work_items_queue", table_name="work_items")
    op.create_index("ix_work_items_queue", "work_items", ["tenant_id", "role", "due_at"])
