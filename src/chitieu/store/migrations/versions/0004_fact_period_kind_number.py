"""Facts keep the kind and number of their period (quý III, tháng 10, lũy kế 10 tháng)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("period_kind", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("period_number", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.drop_column("period_number")
        batch_op.drop_column("period_kind")
