"""scorecard settings: admins' band thresholds and a version per set of weights

Revision ID: 0010_scorecard_settings
Revises: 0009_review
Create Date: 2026-11-27 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db


revision: str = '0010_scorecard_settings'
down_revision: str | None = '0009_review'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# One row per set; the version guards the set against stale edits. Bands start empty:
# PORTAL_SCORE_BANDS applies until an admin saves thresholds.
SETS = ("performance", "selection", "bands")


def upgrade() -> None:
    settings = op.create_table('scorecard_settings',
    sa.Column('key', sa.String(length=30), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', portal.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_scorecard_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_scorecard_settings'))
    )
    now = portal.core.db.utcnow()
    op.bulk_insert(
        settings,
        [{"key": key, "value": None, "version": 1, "updated_at": now} for key in SETS],
    )


def downgrade() -> None:
    op.drop_table('scorecard_settings')
