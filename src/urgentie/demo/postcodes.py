"""The demo's CBS file *Buurt, wijk en gemeente voor postcode huisnummer*, in CBS's own format.

Every demo buurt gets a few six-position postcodes (its four digits plus two letters) with a
handful of house numbers each, so every postcode the demo's buurten carry is found on Mijn wijk.
One postcode (:data:`SHARED_POSTCODE`) has addresses in two wijken, as on a real wijk border, so
the page's question "welke wijk is de uwe?" can be tried on the demo.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

LETTERS = (("AA", "AB"), ("AC", "AD"))
"""Letters of the first and the second buurt that share four digits."""
SHARED_POSTCODE = "9901ZZ"
"""In the first two demo wijken: 9901 is Centrum's, and the postcode runs over the border."""


def postcode_rows(buurten: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Rows in the CBS columns (``PC6;Huisnummer;Buurt<jaar>;Wijk<jaar>;Gemeente<jaar>``,
    without the year yet) for the demo ``buurten`` (``code``, ``wijk_code``, ``postcode``)."""
    rng = random.Random(seed)
    rows = []
    for buurt in buurten.sort_values("code").itertuples():
        # Two buurten share a four-digit postcode: the letters keep their postcodes apart.
        second = (int(str(buurt.code)[-2:]) - 1) % 2
        for letters in LETTERS[second]:
            for number in range(1, rng.randint(6, 24)):
                rows.append((f"{buurt.postcode}{letters}", number, buurt.code))
    first_two = sorted(buurten["wijk_code"].unique())[:2]
    for i, wijk in enumerate(first_two):
        buurt = buurten[buurten["wijk_code"] == wijk].sort_values("code")["code"].iloc[0]
        for number in range(1 + 20 * i, 12 + 20 * i):
            rows.append((SHARED_POSTCODE, number, buurt))
    frame = pd.DataFrame(rows, columns=["PC6", "Huisnummer", "buurt"])
    # CBS writes the codes as bare numbers: 99990101, 999901 and 9999.
    frame["Buurt"] = frame["buurt"].str[2:].astype(int)
    frame["Wijk"] = frame["buurt"].str[2:8].astype(int)
    frame["Gemeente"] = frame["buurt"].str[2:6].astype(int)
    return frame.drop(columns="buurt")


def write_postcode_file(buurten: pd.DataFrame, jaar: int, folder: Path, seed: int) -> Path:
    """Write ``pc6hnr<jaar>0801_gwb.csv`` into ``folder`` and return its path."""
    frame = postcode_rows(buurten, seed)
    frame = frame.rename(
        columns={"Buurt": f"Buurt{jaar}", "Wijk": f"Wijk{jaar}", "Gemeente": f"Gemeente{jaar}"}
    )
    path = folder / f"pc6hnr{jaar}0801_gwb.csv"
    frame.to_csv(path, sep=";", index=False)
    return path
