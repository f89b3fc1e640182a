"""The review workbench and the agreement figures on the Gesprekken page.

The analyst goes through the notes in order of the coder's uncertainty
(:func:`urgentie.notes.review.review_queue`), sees per note the suggested codes with why, and
accepts, removes or adds codes with the keyboard (``st.button(shortcut=...)``): digits 1–9 switch
a code on or off, **T** adds the chosen code, **A** accepts and goes to the next note, **N**
skips, **V** goes back. The shortcuts exist only while the workbench is switched on, so a key
pressed on another tab does nothing. Every decision is stored with who and when, and kept
through re-coding. *Leer van correcties* trains the correction model and shows its measured
effect on held-out corrections.
"""

from __future__ import annotations

import math
import random

import pandas as pd
import streamlit as st

from urgentie.domains import DOMAIN_KEYS
from urgentie.notes import agreement, importer, learning
from urgentie.notes.review import review_queue
from urgentie.views import access, notes_data
from urgentie.views.gesprekken import code_label, note_html, user_errors
from urgentie.views.widgets import md_escape

ALL_CODES = [f"{d}/{p}" for d in DOMAIN_KEYS for p in ("zorg", "kracht")]
_ANALYST = "review_analyst"
_POS = "review_position"
_PENDING = "review_pending"
_MESSAGE = "review_message"
_LEARNED = "review_learned"
KEYS_HELP = (
    "Toetsen: **1–9** code aan/uit · **T** gekozen code toevoegen · **A** akkoord en volgende · "
    "**N** overslaan · **V** vorige."
)


def _label(code: str) -> str:
    return code_label(*code.split("/", 1))


def analyst_name() -> str:
    """Who is reviewing: the signed-in user, else the name typed here (kept in the session)."""
    signed = access.user_name()
    if signed:
        st.caption(md_escape(f"Je beoordeelt als {signed} (ingelogd)."))
        return signed
    name = st.text_input(
        "Jouw naam (zo blijft bewaard wie wat codeerde)",
        key=_ANALYST,
        placeholder="bijv. Sanne (analist)",
    )
    return " ".join(name.split())


# --- the workbench --------------------------------------------------------------------------------
def workbench_section(gemeente: str) -> None:
    """Review the automatic codes, most uncertain note first."""
    notes = notes_data.store()
    if message := st.session_state.pop(_MESSAGE, None):
        st.success(md_escape(message))
    st.markdown(
        "Beoordeel de automatische codes, **de onzekerste gesprekken eerst**. Jouw besluit "
        "blijft bewaard (met naam en tijd), ook als alles opnieuw wordt gecodeerd."
    )
    analyst = analyst_name()
    frame = notes.notes_frame(gemeente)
    if frame.empty:
        st.info("Nog geen gesprekken om te beoordelen.")
        return
    codes = notes.codes_frame(gemeente, active_only=False)
    queue = review_queue(frame, codes)
    done = int(queue["reviewed"].sum())
    st.progress(done / len(queue), text=f"{done} van {len(queue)} gesprek(ken) beoordeeld")
    left, right = st.columns([1, 1])
    only_open = left.checkbox("Alleen nog niet beoordeeld", value=True, key="review_only_open")
    active = right.toggle(
        "Beoordelen met het toetsenbord", key="review_active", disabled=not analyst
    )
    if not analyst:
        st.info("Vul je naam in om te beginnen.")
    if only_open:
        queue = queue[~queue["reviewed"]].reset_index(drop=True)
    if active and analyst:
        if queue.empty:
            st.success("Alle gesprekken zijn beoordeeld.")
        else:
            _review_one(queue, analyst)
    learn_section()


def _review_one(queue: pd.DataFrame, analyst: str) -> None:
    notes = notes_data.store()
    position = min(st.session_state.setdefault(_POS, 0), len(queue) - 1)
    row = queue.iloc[position]
    note_id = int(row["id"])
    doubt = f"{row['uncertainty']:.2f}".replace(".", ",")
    st.markdown(
        f"**Gesprek {position + 1} van {len(queue)}** · #{note_id} · "
        f"{md_escape(row['perspective'])} · onzekerheid {doubt}"
    )
    st.html(note_html(str(row["text"])))
    rows = notes.note_codes(note_id)
    pending: dict[int, list[str]] = st.session_state.setdefault(_PENDING, {})
    if note_id not in pending:
        pending[note_id] = [
            f"{r.domain}/{r.polarity}" for r in rows.itertuples(index=False) if bool(r.active)
        ]
    chosen = pending[note_id]
    shown = list(dict.fromkeys([*(f"{r.domain}/{r.polarity}" for r in rows.itertuples()), *chosen]))
    why = {f"{r.domain}/{r.polarity}": r for r in rows.itertuples(index=False)}
    st.caption(KEYS_HELP)
    for index, code in enumerate(shown[:9], start=1):
        on = code in chosen
        info = why.get(code)
        cols = st.columns([1, 5])
        if cols[0].button(
            f"{index}: {'✓' if on else '✗'}",
            key=f"review_toggle_{note_id}_{index}",
            shortcut=str(index),
            help="aan/uit",
        ):
            (chosen.remove if on else chosen.append)(code)
            st.rerun()
        cols[1].markdown(md_escape(_why(code, info, on)))
    if len(shown) > 9:
        st.caption("Meer dan negen codes: verwijder er een met de lijst hieronder.")
    add_cols = st.columns([4, 1])
    extra = add_cols[0].selectbox(
        "Code toevoegen",
        [c for c in ALL_CODES if c not in chosen],
        format_func=_label,
        key=f"review_add_{note_id}",
    )
    if add_cols[1].button("Toevoegen", key=f"review_add_btn_{note_id}", shortcut="T"):
        chosen.append(extra)
        st.rerun()
    nav = st.columns(3)
    if nav[0].button("Akkoord en volgende", type="primary", key="review_accept", shortcut="A"):
        with user_errors():
            notes.set_codes(note_id, [tuple(c.split("/", 1)) for c in chosen], analyst=analyst)
            pending.pop(note_id, None)
            labels = ", ".join(_label(c) for c in chosen) or "geen codes"
            st.session_state[_MESSAGE] = f"Gesprek #{note_id} beoordeeld: {labels}."
            if not st.session_state.get("review_only_open", True):
                st.session_state[_POS] = position + 1
            st.rerun()
    if nav[1].button("Overslaan", key="review_skip", shortcut="N"):
        st.session_state[_POS] = (position + 1) % len(queue)
        st.rerun()
    if nav[2].button("Vorige", key="review_back", shortcut="V"):
        st.session_state[_POS] = max(0, position - 1)
        st.rerun()


def _why(code: str, info: object | None, on: bool) -> str:
    """One line: the code, whether it stays, how sure the coder was and why it suggested it."""
    state = "blijft" if on else "vervalt"
    if info is None:
        return f"{_label(code)} ({state}; door jou toegevoegd)"
    if not bool(getattr(info, "automatic", False)):
        who = getattr(info, "reviewed_by", None)
        return f"{_label(code)} ({state}; handmatig{' door ' + who if who else ''})"
    conf = getattr(info, "confidence", None)
    sure = "" if conf is None or pd.isna(conf) else f"zekerheid {conf:.2f}".replace(".", ",")
    explanation = getattr(info, "explanation", None) or ", ".join(getattr(info, "terms", []) or [])
    parts = [state, "automatisch", sure]
    return f"{_label(code)} ({'; '.join(p for p in parts if p)}) — waarom: {explanation}"


# --- learning ------------------------------------------------------------------------------------
def learn_section() -> None:
    """*Leer van correcties*: measure before/after on held-out corrections, then save."""
    st.subheader("Leer van correcties")
    notes = notes_data.store()
    examples = learning.corrections_as_training(notes.engine)
    st.caption(
        f"{len(examples)} beoordeelde gesprek(ken) in deze installatie. Een kwart wordt apart "
        "gehouden om eerlijk te meten; daarna leert het model van alle correcties en gebruikt "
        "elke volgende import en hercodering het."
    )
    if st.button("Leer van correcties", key="review_learn", disabled=not examples):
        with st.spinner("Leren en meten…"):
            report = learning.learn(notes.engine, importer.coder_codes)
        st.session_state[_LEARNED] = report
    report: learning.LearnReport | None = st.session_state.get(_LEARNED)
    if report is None:
        return
    st.info(md_escape(report.sentence()))
    if report.held_out:
        st.dataframe(
            pd.DataFrame(
                {
                    "": ["zonder correctiemodel", "met correctiemodel"],
                    "precisie": [report.before.precision, report.after.precision],
                    "recall": [report.before.recall, report.after.recall],
                    "F1": [report.before.f1, report.after.f1],
                }
            ),
            hide_index=True,
        )
    if report.saved:
        st.success(
            md_escape(
                "Opgeslagen. Geleerde codes: "
                + ", ".join(_label(c) for c in report.learned_codes)
                + ". Codeer alle gesprekken opnieuw (tab Patronen) om het toe te passen."
            )
        )
    else:
        st.warning(
            "Nog niets opgeslagen: een code wordt pas geleerd als analisten hem minstens twee "
            "keer gaven en twee keer niet."
        )


# --- double coding and agreement -----------------------------------------------------------------
def _num(value: float, pct: bool = False) -> str:
    if value is None or math.isnan(value):
        return "—"
    return f"{value:.0%}" if pct else f"{value:.2f}".replace(".", ",")


def agreement_section(gemeente: str) -> None:
    """Kappa and percent agreement: coder vs analysts, and two analysts on a sample."""
    notes = notes_data.store()
    reviews = notes.reviews_frame(gemeente)
    codes = notes.codes_frame(gemeente, active_only=False)
    st.subheader("Automatische codering tegenover de analisten")
    if reviews.empty or not (~reviews["blind"].astype(bool)).any():
        st.info("Nog geen beoordeelde gesprekken. Beoordeel er eerst een aantal (tab Beoordelen).")
    else:
        show_agreement(agreement.automatic_vs_analysts(codes, reviews), "auto")
    st.subheader("Twee analisten (dubbel coderen)")
    sample_flow(gemeente)
    analysts = sorted(set(reviews["analyst"])) if not reviews.empty else []
    if len(analysts) < 2:
        st.caption(
            "Zodra twee analisten dezelfde gesprekken coderen, staat hier hun overeenstemming."
        )
        return
    left, right = st.columns(2)
    first = left.selectbox("Analist 1", analysts, key="agreement_first")
    second = right.selectbox(
        "Analist 2", [a for a in analysts if a != first], key="agreement_second"
    )
    result = agreement.between_analysts(reviews, first, second)
    if result.notes == 0:
        st.info("Deze twee hebben nog geen gesprek allebei gecodeerd.")
        return
    show_agreement(result, "pair")


def show_agreement(result: agreement.Agreement, key: str) -> None:
    """Overall and per-code figures, and every disagreement."""
    cols = st.columns(3)
    cols[0].metric("Gesprekken door beide gecodeerd", result.notes)
    cols[1].metric("Overeenstemming", _num(result.overall_agreement, pct=True))
    cols[2].metric("Cohens kappa", _num(result.overall_kappa))
    st.caption(
        f"Per code: elk gesprek is een ja/nee-besluit van {md_escape(result.coder_a)} en "
        f"{md_escape(result.coder_b)}. Kappa corrigeert voor toevallige overeenstemming "
        f"(gemiddeld per code: {_num(result.mean_kappa)}); '—' als geen van beiden varieerde."
    )
    table = result.per_code
    st.dataframe(
        pd.DataFrame(
            {
                "code": table["label"],
                result.coder_a: table["a"],
                result.coder_b: table["b"],
                "beide": table["both"],
                "overeenstemming": [_num(v, pct=True) for v in table["agreement"]],
                "kappa": [_num(v) for v in table["kappa"]],
            }
        ),
        hide_index=True,
        key=f"agreement_codes_{key}",
    )
    gaps = result.disagreements
    with st.expander(f"Verschillen ({len(gaps)})"):
        st.dataframe(
            pd.DataFrame(
                {
                    "gesprek": gaps["note_id"],
                    "code": gaps["label"],
                    "wel gecodeerd door": gaps["coded_by"],
                    "niet door": gaps["not_by"],
                }
            ),
            hide_index=True,
            key=f"agreement_gaps_{key}",
        )


def sample_flow(gemeente: str) -> None:
    """Make a double-coding sample, and code it blind (no suggestions, no one else's codes)."""
    notes = notes_data.store()
    samples = notes.samples()
    with st.expander("Steekproef voor dubbel coderen maken"), st.form("review_sample_form"):
        name = st.text_input("Naam van de steekproef", value="steekproef 1")
        size = st.number_input("Aantal gesprekken", min_value=2, max_value=500, value=20)
        if st.form_submit_button("Steekproef trekken"):
            with user_errors():
                ids = list(notes.notes_frame(gemeente)["id"].astype(int))
                chosen = random.Random(len(samples) + 42).sample(ids, min(int(size), len(ids)))
                made = notes.create_sample(name, chosen, access.user_name())
                st.success(md_escape(f"Steekproef '{name}' met {made} gesprekken gemaakt."))
                samples = notes.samples()
    if not samples:
        return
    sample = st.selectbox("Steekproef blind coderen", list(samples), key="review_sample")
    analyst = access.user_name() or " ".join(str(st.session_state.get(_ANALYST, "")).split())
    if not analyst:
        st.info("Vul op de tab Beoordelen je naam in om blind te coderen.")
        return
    reviews = notes.reviews_frame(gemeente)
    mine = set(reviews.loc[reviews["analyst"] == analyst, "note_id"].astype(int))
    todo = [i for i in samples[sample] if i not in mine]
    st.caption(
        f"{len(samples[sample]) - len(todo)} van {len(samples[sample])} gecodeerd door "
        f"{md_escape(analyst)}. Je ziet geen automatische codes en niet wat anderen codeerden."
    )
    if not todo:
        return
    note = notes.note(todo[0])
    if note is None:
        return
    st.html(note_html(note["text"]))
    with st.form(f"review_blind_{todo[0]}"):
        chosen = st.pills(
            "Codes",
            ALL_CODES,
            selection_mode="multi",
            format_func=_label,
            key=f"review_blind_codes_{todo[0]}",  # per note: no choice carries over
        )
        if st.form_submit_button("Opslaan en volgende"):
            with user_errors():
                notes.record_blind_review(
                    todo[0], analyst, [tuple(c.split("/", 1)) for c in chosen or []]
                )
                st.rerun()
