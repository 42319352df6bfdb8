"""the roll leaves the disk: roll_proof (token hashes) replaces answer_roll; handled
events belong to a session, so they expire with its stages

Revision ID: 0003_roll_in_memory
Revises: 0002_summary_share
Create Date: 2026-11-25 17:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0003_roll_in_memory"
down_revision = "0002_summary_share"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("answer_roll")
    op.create_table(
        "roll_proof",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("round_id", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"],
                                name=op.f("fk_roll_proof_round_id_round")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_roll_proof")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("roll_proof", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roll_proof_round_id"), ["round_id"], unique=False)
    # Answers kept before this version may hold text: they go.
    op.execute("DELETE FROM handled_event")
    with op.batch_alter_table("handled_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_id", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_handled_event_session_id"), ["session_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("handled_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handled_event_session_id"))
        batch_op.drop_column("session_id")
    with op.batch_alter_table("roll_proof", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roll_proof_round_id"))
    op.drop_table("roll_proof")
    op.create_table(
        "answer_roll",
        sa.Column("round_id", sa.String(length=32), nullable=False),
        sa.Column("participant_id", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"],
                                name=op.f("fk_answer_roll_participant_id_participant")),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"],
                                name=op.f("fk_answer_roll_round_id_round")),
        sa.PrimaryKeyConstraint("round_id", "participant_id", "stage",
                                name=op.f("pk_answer_roll")),
    )
