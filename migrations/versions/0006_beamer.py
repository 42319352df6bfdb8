"""the beamer's two settings: the QR shown large on the facilitator's request, and a
high-contrast palette for washed-out projectors

Revision ID: 0006_beamer
Revises: 0005_run_sheet
Create Date: 2026-11-25 21:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0006_beamer"
down_revision = "0005_run_sheet"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("qr_large", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("high_contrast", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.drop_column("high_contrast")
        batch_op.drop_column("qr_large")
