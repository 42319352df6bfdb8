"""summary shared with participants, by the hash of its link's token

Revision ID: 0002_summary_share
Revises: 639a9f2d23a5
Create Date: 2026-11-25 00:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0002_summary_share"
down_revision = "639a9f2d23a5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "summary_share",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["session.id"],
                                name=op.f("fk_summary_share_session_id_session")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_summary_share")),
    )
    with op.batch_alter_table("summary_share", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_summary_share_session_id"), ["session_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("summary_share", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_summary_share_session_id"))
    op.drop_table("summary_share")
