"""What the console sees of the run sheet: the facilitator's plan with its private notes,
each item's place (done, now, next, planned, skipped), and the templates to start from.
For the facilitator only: nothing here goes to the projector or the phones."""
from __future__ import annotations

from typing import Any

from app.extensions import db
from app.models import RunSheetTemplate, Session
from facilitation import runsheet
from facilitation.kinds import KINDS, default_prompt


def saved_templates(facilitator_id: int) -> list[dict[str, str]]:
    rows = db.session.scalars(db.select(RunSheetTemplate)
                              .filter_by(facilitator_id=facilitator_id)
                              .order_by(RunSheetTemplate.name)).all()
    return [{"id": row.id, "name": row.name} for row in rows]


def run_sheet_view(session: Session) -> dict[str, Any]:
    items = session.run_sheet or []
    current = session.rounds[-1] if session.rounds else None
    stages = runsheet.stages(items, current.id if current else None,
                             current.status if current else None)
    upcoming = runsheet.next_item(items)
    return {
        "items": [{**item, "stage": stages[item["id"]]} for item in items],
        "next": upcoming["id"] if upcoming else None,
        "kinds": list(KINDS),  # every round kind there is can be put on the run sheet
        # What an item without a prompt of its own will ask (the kind's default question).
        "defaults": {kind: default_prompt(kind, session.language) for kind in KINDS},
        "templates": list(runsheet.TEMPLATE_NAMES),
        "saved": saved_templates(session.facilitator_id),
    }
