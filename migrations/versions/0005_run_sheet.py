"""a run sheet per session (the facilitator's plan, with private notes), and the run sheets
a facilitator saved as templates

Revision ID: 0005_run_sheet
Revises: 0004_signin_expires
Create Date: 2026-11-25 21:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0005_run_sheet"
down_revision = "0004_signin_expires"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("run_sheet", sa.JSON(), nullable=True))
    op.create_table(
        "run_sheet_template",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["facilitator_id"], ["facilitator.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("run_sheet_template", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_run_sheet_template_facilitator_id"),
                              ["facilitator_id"], unique=False)


def downgrade():
    with op.batch_alter_table("run_sheet_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_run_sheet_template_facilitator_id"))
    op.drop_table("run_sheet_template")
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.drop_column("run_sheet")
