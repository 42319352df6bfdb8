"""sign-in links expire; signing out ends every cookie of the account; a session knows
when it ended, so it can be deleted some days later

Revision ID: 0004_signin_expires
Revises: 0003_roll_in_memory
Create Date: 2026-11-25 17:50:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0004_signin_expires"
down_revision = "0003_roll_in_memory"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("facilitator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signin_token_expires", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("cookie_nonce", sa.String(length=32), nullable=True))
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.drop_column("ended_at")
    with op.batch_alter_table("facilitator", schema=None) as batch_op:
        batch_op.drop_column("cookie_nonce")
        batch_op.drop_column("signin_token_expires")
