"""The learning-community session: agenda, story steps, device tokens, join links, results and
the dated summary.

The Sessie page (projector) and the Stem page (phones) only draw what these modules compute:

- :mod:`~urgentie.session.agenda` — which wijk and domains a session is about (stored in the
  session's config);
- :mod:`~urgentie.session.story` — the five steps of the story for one wijk;
- :mod:`~urgentie.session.results` — the room's votes per round, next to the earlier voices;
- :mod:`~urgentie.session.device` — one stable, hashed participant id per phone and session;
- :mod:`~urgentie.session.links` — the join URL and its QR code, made locally;
- :mod:`~urgentie.session.summary` — the dated, self-contained HTML summary.
"""
