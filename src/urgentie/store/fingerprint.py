"""A cheap version stamp of the soft evidence in the notes database, for cache keys.

The pages cache everything they compute from notes, codes, ratings and votes. Instead of a time
limit (after which every click recomputes everything), they key those caches on this stamp: one
small query of indexed maxima and counts, which changes exactly when the evidence does — an
import, an undone batch, a corrected code, a new or replaced vote, a new session.
"""

from __future__ import annotations

import sqlalchemy as sa

from urgentie.store.schema import BATCH_UNDONE, codes, import_batches, sessions, votes


def evidence_version(engine: sa.Engine) -> str:
    """The stamp of the current evidence; equal stamps mean equal notes, codes and votes.

    - newest import batch and the number of undone batches (an import adds notes and ratings,
      undoing one removes them);
    - number of codes and their newest change (re-coding and the analyst's corrections);
    - number of votes and the newest one (a vote replaces the voter's earlier one with a new
      time; a ballot that leaves a domain out makes the count drop);
    - number of sessions and the newest (their titles label the votes).
    """
    query = sa.select(
        sa.select(sa.func.max(import_batches.c.id)).scalar_subquery(),
        sa.select(sa.func.count())
        .select_from(import_batches)
        .where(import_batches.c.status == BATCH_UNDONE)
        .scalar_subquery(),
        sa.select(sa.func.count()).select_from(codes).scalar_subquery(),
        sa.select(sa.func.max(codes.c.updated_at)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(votes).scalar_subquery(),
        sa.select(sa.func.max(votes.c.created_at)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(sessions).scalar_subquery(),
        sa.select(sa.func.max(sessions.c.created_at)).scalar_subquery(),
    )
    with engine.connect() as conn:
        row = conn.execute(query).one()
    return f"{engine.url.render_as_string(hide_password=True)}|" + "|".join(map(str, row))
