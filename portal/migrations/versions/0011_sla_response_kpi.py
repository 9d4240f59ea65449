"""sla response kpi: the built-in KPI `sla_response_hours` vendors report and SLA checks compare

Revision ID: 0011_sla_response_kpi
Revises: 0010_scorecard_settings
Create Date: 2026-11-26 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db


revision: str = '0011_sla_response_kpi'
down_revision: str | None = '0010_scorecard_settings'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CODE = "sla_response_hours"

_definitions = sa.table(
    "kpi_definitions",
    sa.column("id", sa.Integer), sa.column("code", sa.String), sa.column("name", sa.String),
    sa.column("translations", sa.JSON), sa.column("description", sa.Text),
    sa.column("unit", sa.String), sa.column("min_value", sa.Numeric),
    sa.column("max_value", sa.Numeric), sa.column("decimals", sa.Integer),
    sa.column("higher_is_better", sa.Boolean), sa.column("categories", sa.JSON),
    sa.column("builtin", sa.Boolean), sa.column("active", sa.Boolean),
    sa.column("position", sa.Integer),
    sa.column("created_at", portal.core.db.UTCDateTime()),
    sa.column("updated_at", portal.core.db.UTCDateTime()),
)


def upgrade() -> None:
    # Data only. An installation whose admins already defined this code keeps their definition.
    bind = op.get_bind()
    if bind.scalar(sa.select(_definitions.c.id).where(_definitions.c.code == CODE)) is not None:
        return
    now = portal.core.db.utcnow()
    op.bulk_insert(
        _definitions,
        [
            {
                "code": CODE, "name": "SLA response time (hours)", "translations": {},
                "description": None, "unit": "number", "min_value": 0, "max_value": None,
                "decimals": 2, "higher_is_better": False, "categories": [], "builtin": True,
                "active": True, "position": 5, "created_at": now, "updated_at": now,
            }
        ],
    )


def downgrade() -> None:
    # Only the built-in row, and only while no report uses it (reported values are kept).
    bind = op.get_bind()
    used = bind.scalar(
        sa.text(
            "SELECT count(*) FROM kpi_values v JOIN kpi_definitions d ON d.id = v.definition_id "
            "WHERE d.code = :code"
        ),
        {"code": CODE},
    )
    if not used:
        op.execute(
            _definitions.delete().where(
                _definitions.c.code == CODE, _definitions.c.builtin.is_(True)
            )
        )
