"""Facts carry the catalogue code they link to and the confidence of that link

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 16:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("indicator_code", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("link_confidence", sa.Float(), nullable=True))
        batch_op.create_index(batch_op.f("ix_facts_indicator_id"), ["indicator_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facts_indicator_id"))
        batch_op.drop_column("link_confidence")
        batch_op.drop_column("indicator_code")
