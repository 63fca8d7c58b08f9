"""letters registered by a step, written after its commit

Revision ID: documents_0002
Revises: documents_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "documents_0002"
down_revision: str | Sequence[str] | None = "documents_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
PENDING = sa.text("sha256 IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.alter_column(
            "size",
            existing_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        )
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=True)
        batch_op.add_column(sa.Column("render_input", sa.JSON(), nullable=True))
    # Partial: the render job finds the few pending letters among millions of written ones.
    op.create_index(
        "ix_documents_pending",
        "documents",
        ["tenant_id", "created_at"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )


def downgrade() -> None:
    op.drop_index("ix_documents_pending", table_name="documents")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("render_input")
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column(
            "size",
            existing_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        )
