"""indexes for case search: trigram (PostgreSQL) and client birth date

Revision ID: casefiles_0003
Revises: casefiles_0002

Case search matches part of a name, title or case number (``ILIKE '%jans%'``), which no
B-tree index answers: PostgreSQL read every case and every person. pg_trgm's GIN indexes
answer such patterns (of three characters or more). SQLite has no pg_trgm; there search
scans, which is fine at its scale. The trigram indexes live only here, not in the models:
they need the extension, which ``create_all`` would not install.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "casefiles_0003"
down_revision: str | Sequence[str] | None = "casefiles_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Not partial (search looks at clients only): the role arrives as a bind parameter, and a
# generic prepared plan cannot prove "role = $1" implies an index's "role = 'client'".
TRIGRAM_INDEXES = (
    ("ix_cf_persons_last_name_trgm", "cf_persons", "last_name"),
    ("ix_cases_title_trgm", "cases", "title"),
    ("ix_cases_reference_trgm", "cases", "reference"),
)


def upgrade() -> None:
    # a birth date is searched on its own too (exact): without this, every person is read
    op.create_index("ix_cf_persons_birth_date", "cf_persons", ["tenant_id", "birth_date"])
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM_INDEXES:
        op.create_index(
            name, table, [column], postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"}
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, table, _column in TRIGRAM_INDEXES:
            op.drop_index(name, table_name=table)
        # the extension stays: other objects may use it
    op.drop_index("ix_cf_persons_birth_date", table_name="cf_persons")
