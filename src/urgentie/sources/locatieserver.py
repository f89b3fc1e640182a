"""PDOK Locatieserver (live): in which wijken and buurten do the addresses of a postcode lie?

One ``free`` search for addresses (``type:adres``) with the postcode as filter; each address
document carries its ``buurtcode``, ``wijkcode`` and ``gemeentecode``. Only asked when a
resident types a postcode the local CBS file does not know, and only when
``URGENTIE_POSTCODE_LIVE`` allows it: nothing leaves the machine otherwise.
"""

from __future__ import annotations

from collections import Counter

import requests

from urgentie.sources.http import (
    DownloadError,
    InvalidResponseError,
    RetryPolicy,
    get_json,
    with_retries,
)

FREE_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
ROWS = 100
"""Addresses per question: enough to see every wijk a postcode touches."""


def wijk_counts(postcode: str, policy: RetryPolicy | None = None) -> Counter[str]:
    """Addresses per wijk code (``WK034401``) for ``postcode`` (``3511AB``, or ``3511`` for all
    its six-position postcodes). Empty when PDOK knows no address there; raises
    :class:`~urgentie.sources.http.DownloadError` when PDOK cannot be reached."""
    policy = policy or RetryPolicy.from_settings(attempts=1, timeout=5.0)
    query = f"postcode:{postcode}" if len(postcode) == 6 else f"postcode:{postcode}*"
    params = {
        "q": "*:*",
        "fq": f"type:adres AND {query}",
        "fl": "wijkcode buurtcode gemeentecode postcode",
        "rows": str(ROWS),
    }
    session = requests.Session()
    session.headers.update({"User-Agent": "Urgentiekaart (open source; CBS/PDOK open data)"})
    try:
        data = with_retries(lambda: get_json(session, FREE_URL, params, policy), policy)
    finally:
        session.close()
    response = data.get("response")
    if not isinstance(response, dict) or not isinstance(response.get("docs"), list):
        raise InvalidResponseError("onverwacht antwoord van de PDOK Locatieserver", retry=False)
    return Counter(
        str(doc["wijkcode"])
        for doc in response["docs"]
        if isinstance(doc, dict) and doc.get("wijkcode")
    )


__all__ = ["FREE_URL", "DownloadError", "wijk_counts"]
