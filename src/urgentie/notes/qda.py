"""Exchange with QDA tools (ATLAS.ti, MAXQDA, NVivo, QualCoder) in the REFI-QDA standard.

- :func:`write_qdpx`: a ``.qdpx`` project, a zip with ``project.qde`` (XML) and one plain-text
  source per note in ``sources/``: the (pseudonymised) notes, the codebook, and every active code
  as a coded segment with who coded it (the automatic coder or an analyst);
- :func:`write_qdc`: the codebook alone, as a ``.qdc`` file;
- :func:`read_qdc` and :func:`read_qdpx_codes`: a codebook and the codes of a project back, each
  code mapped onto the project's own (domain × zorg/wat goed gaat) codes.

Every file written is validated against the published REFI-QDA schemas (``refi/Project.xsd``,
``refi/Codebook.xsd``, MIT licence, see there); every file read is validated too, so a damaged or
foreign file gets a clear Dutch message instead of wrong codes.

The codebook is a tree: a domain (not codable) with two codable children, *zorg* and *wat goed
gaat*. Code GUIDs are derived from the code's key (UUID 5), so a project exported here, coded
further in another tool and imported again meets the same codes. A note's source GUID is derived
from the database's note id the same way. The segment of a code is the sentence in which one of
its terms occurs, else the whole note. Only pseudonymised text ever leaves the tool.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from lxml import etree

from urgentie.domains import DOMAIN_KEYS, DOMAINS, domain_label
from urgentie.errors import UserError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SCHEMA_DIR = Path(__file__).with_name("refi")
POLARITIES = {"zorg": "zorg", "kracht": "wat goed gaat"}
COLORS = {"zorg": "#C0392B", "kracht": "#1E8449"}
AUTOMATIC_USER = "Urgentiekaart (automatische codering)"
_NAMESPACE = uuid.UUID("5b0c3c52-4f8e-4a57-9a57-0c6f2e7d1a11")  # this project's own namespace
_MAX_ZIP_BYTES = 200 * 1024 * 1024


def guid(kind: str, key: object) -> str:
    """A stable GUID for ``kind`` ("code", "note", "user" …) and ``key``."""
    return str(uuid.uuid5(_NAMESPACE, f"urgentie:{kind}:{key}"))


def code_name(code: str) -> str:
    domain, _, polarity = code.partition("/")
    return f"{domain_label(domain)} — {POLARITIES[polarity]}"


# --- schemas -------------------------------------------------------------------------------------
@lru_cache(maxsize=2)
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name)))


def validate(xml: bytes, which: str) -> list[str]:
    """Schema errors of ``xml`` against ``Project.xsd`` or ``Codebook.xsd`` (empty: valid)."""
    schema = _schema(which)
    try:
        document = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        return [f"geen geldige XML: {exc}"]
    if schema.validate(document):
        return []
    return [f"regel {e.line}: {e.message}" for e in schema.error_log]


# --- writing -------------------------------------------------------------------------------------
def _codebook_element(ns: str, tag: str, terms: Mapping[str, Iterable[str]]) -> etree._Element:
    root = etree.Element(f"{{{ns}}}{tag}", nsmap={None: ns})
    codes = etree.SubElement(root, f"{{{ns}}}Codes")
    for domain in DOMAINS:
        parent = etree.SubElement(
            codes,
            f"{{{ns}}}Code",
            guid=guid("domain", domain.key),
            name=domain.label,
            isCodable="false",
        )
        etree.SubElement(parent, f"{{{ns}}}Description").text = domain.description
        for polarity, label in POLARITIES.items():
            key = f"{domain.key}/{polarity}"
            child = etree.SubElement(
                parent,
                f"{{{ns}}}Code",
                guid=guid("code", key),
                name=code_name(key),
                isCodable="true",
                color=COLORS[polarity],
            )
            words = ", ".join(sorted(terms.get(key, ()))[:40])
            text = f"{domain.label}: {label}. Sleutel {key}."
            etree.SubElement(child, f"{{{ns}}}Description").text = text + (
                f" Termen: {words}." if words else ""
            )
    return root


def codebook_terms() -> dict[str, list[str]]:
    """The codebook's terms per ``domain/polarity`` (for the code descriptions)."""
    from urgentie.notes.coding import load_codebook

    try:
        book = load_codebook()
    except Exception:  # the codebook is validated elsewhere; an export still works without terms
        return {}
    out: dict[str, list[str]] = {}
    # Read by attribute name, tolerant of a codebook that names its parts differently.
    for domain, entry in (getattr(book, "domains", None) or {}).items():
        for polarity, names in (
            ("zorg", ("zorgen", "concerns")),
            ("kracht", ("krachten", "strengths")),
        ):
            terms = next((getattr(entry, n) for n in names if hasattr(entry, n)), ()) or ()
            out[f"{domain}/{polarity}"] = [
                str(getattr(t, "phrase", None) or getattr(t, "text", None) or t) for t in terms
            ]
    return out


def write_qdc() -> bytes:
    """The codebook as a ``.qdc`` file (validated against Codebook.xsd)."""
    root = _codebook_element(CODEBOOK_NS, "CodeBook", codebook_terms())
    root.set("origin", "Urgentiekaart")
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    _check(data, "Codebook.xsd")
    return data


def _check(data: bytes, which: str) -> None:
    errors = validate(data, which)
    if errors:  # a bug of ours, never the user's: say so plainly
        raise RuntimeError(f"REFI-QDA-bestand voldoet niet aan {which}: {errors[:3]}")


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def segment(text: str, terms: Iterable[str]) -> tuple[int, int]:
    """Character range of the sentence holding the first term found, else the whole text."""
    low = text.casefold()
    for term in terms:
        at = low.find(str(term).casefold().strip("*="))
        if at < 0 or not str(term).strip():
            continue
        for m in _SENTENCE.finditer(text):
            if m.start() <= at < m.end():
                return m.start(), m.end()
    return 0, len(text)


def _stamp(value: object) -> str:
    if isinstance(value, datetime) and not pd.isna(value):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    else:
        moment = datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_qdpx(
    notes: pd.DataFrame, codes: pd.DataFrame, project_name: str, area_names: Mapping[str, str]
) -> bytes:
    """A ``.qdpx`` project of ``notes`` (frame of :meth:`NotesStore.notes_frame`) and their
    active ``codes`` (frame of :meth:`NotesStore.codes_frame`), validated against Project.xsd."""
    ns = PROJECT_NS

    def sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{ns}}}{tag}", **attrs)

    users = {AUTOMATIC_USER}
    users |= {str(u) for u in codes.get("reviewed_by", pd.Series(dtype=str)).dropna()}
    now = _stamp(None)
    root = etree.Element(
        f"{{{ns}}}Project",
        nsmap={None: ns},
        name=project_name,
        origin="Urgentiekaart",
        creationDateTime=now,
    )
    users_el = sub(root, "Users")
    for user in sorted(users):
        sub(users_el, "User", guid=guid("user", user), name=user)
    root.append(_codebook_element(ns, "CodeBook", codebook_terms()))
    variables = sub(root, "Variables")
    for key, kind in (("gebied", "Text"), ("perspectief", "Text"), ("datum", "Date")):
        sub(variables, "Variable", guid=guid("variable", key), name=key, typeOfVariable=kind)
    sources = sub(root, "Sources")
    files: dict[str, str] = {}
    # Plain records: iterating pandas groups row by row is slow (seconds for a few hundred notes).
    by_note: dict[int, list[dict[str, Any]]] = {}
    for record in codes.to_dict("records"):
        by_note.setdefault(int(record["note_id"]), []).append(record)
    for note in notes.itertuples(index=False):
        note_id = int(note.id)
        text = str(note.text)
        source_guid = guid("note", note_id)
        files[f"sources/{source_guid}.txt"] = text
        area = area_names.get(str(note.area_code), str(note.area_code))
        source = sub(
            sources,
            "TextSource",
            guid=source_guid,
            name=f"Gesprek {note_id} — {area} ({note.perspective})",
            plainTextPath=f"internal://{source_guid}.txt",
            creationDateTime=_stamp(getattr(note, "created_at", None)),
        )
        sub(source, "Description").text = (
            f"Gesprek {note_id}, gebied {area} ({note.area_code}), perspectief "
            f"{note.perspective}; gepseudonimiseerd door Urgentiekaart."
        )
        for row in by_note.get(note_id, []):
            code = f"{row['domain']}/{row['polarity']}"
            terms = row.get("terms")
            start, end = segment(text, terms if isinstance(terms, list) else [])
            who = row.get("reviewed_by") if isinstance(row.get("reviewed_by"), str) else None
            user = who or (AUTOMATIC_USER if bool(row["automatic"]) else "analist")
            users.add(user)
            selection = sub(
                source,
                "PlainTextSelection",
                guid=guid("segment", f"{note_id}/{code}"),
                name=code_name(code),
                startPosition=str(start),
                endPosition=str(end),
            )
            coding = sub(
                selection,
                "Coding",
                guid=guid("coding", f"{note_id}/{code}"),
                creatingUser=guid("user", user),
                creationDateTime=_stamp(row.get("reviewed_at")),
            )
            sub(coding, "CodeRef", targetGUID=guid("code", code))
        day = note.note_date
        values = [("gebied", "TextValue", area), ("perspectief", "TextValue", note.perspective)]
        if pd.notna(day):
            values.append(("datum", "DateValue", pd.Timestamp(day).strftime("%Y-%m-%d")))
        for key, tag, value in values:
            holder = sub(source, "VariableValue")
            sub(holder, "VariableRef", targetGUID=guid("variable", key))
            sub(holder, tag).text = str(value)
    for user in sorted(users - {u.get("name") for u in users_el}):
        sub(users_el, "User", guid=guid("user", user), name=user)
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    _check(data, "Project.xsd")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", data)
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()


# --- reading -------------------------------------------------------------------------------------
@dataclass
class CodeMapping:
    """A foreign code and the project's code it maps onto (None: no match)."""

    guid: str
    name: str
    target: str | None
    how: str


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w/]+", " ", text.casefold()).split())


CODEMAP_FILE = Path("qda") / "codekoppelingen.json"


def _codemap_path() -> Path:
    from urgentie import settings

    return settings.data_dir() / CODEMAP_FILE


def saved_mappings() -> dict[str, str]:
    """Foreign code (GUID or normalised name) -> project code, remembered from imported
    codebooks and the analyst's own links (:func:`remember_mappings`)."""
    import json

    try:
        raw = json.loads(_codemap_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {str(k): str(v) for k, v in raw.items() if str(v) in _all_codes()}


def remember_mappings(mappings: Iterable[CodeMapping]) -> int:
    """Remember where foreign codes map, by GUID and by name, so that the codes of a project
    from the same tool are recognised later. Returns the number of codes remembered."""
    import json

    known = saved_mappings()
    count = 0
    for m in mappings:
        if m.target and m.how != "zelfde GUID":
            for key in (m.guid.strip("{}").lower(), _norm(m.name)):
                if key:
                    known[key] = m.target
            count += 1
    path = _codemap_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(known, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    tmp.replace(path)
    return count


def parse_link(text: str) -> CodeMapping:
    """``"Overlast=veiligheid/zorg"`` -> a mapping the analyst chose by hand."""
    name, sep, target = text.rpartition("=")
    target = target.strip().replace(":", "/")
    if not sep or not name.strip() or target not in _all_codes():
        raise UserError(
            f"Koppeling '{text}' begrijp ik niet: schrijf NAAM=domein/zorg of NAAM=domein/kracht, "
            f"bijvoorbeeld Overlast=veiligheid/zorg."
        )
    return CodeMapping("", name.strip(), target, "door de analist gekoppeld")


def map_code(code_guid: str, name: str) -> CodeMapping:
    """Map a code from another tool: our own GUID, a link remembered from an imported codebook
    or set by the analyst, our own name, a key such as ``veiligheid/zorg``, or a domain name
    with a polarity word ("Wonen - problemen")."""
    ours = {guid("code", c): c for c in _all_codes()}
    remembered = saved_mappings()
    for key in (code_guid.strip("{}").lower(), _norm(name)):
        if key and key in remembered and key not in ours:
            return CodeMapping(code_guid, name, remembered[key], "eerder gekoppeld")
    if code_guid.strip("{}").lower() in ours:
        return CodeMapping(code_guid, name, ours[code_guid.strip("{}").lower()], "zelfde GUID")
    by_name = {_norm(code_name(c)): c for c in _all_codes()} | {_norm(c): c for c in _all_codes()}
    if _norm(name) in by_name:
        return CodeMapping(code_guid, name, by_name[_norm(name)], "zelfde naam")
    low = _norm(name)
    domain = next(
        (d.key for d in DOMAINS if _norm(d.label) in low or d.key.replace("_", " ") in low),
        None,
    )
    polarity = None
    if re.search(r"\b(zorg|zorgen|probleem|problemen|knelpunt|negatief|urgent)\b", low):
        polarity = "zorg"
    if re.search(r"\b(kracht|krachten|goed|positief|sterk|wat goed gaat)\b", low):
        polarity = "kracht" if polarity is None else None
    if domain and polarity:
        return CodeMapping(code_guid, name, f"{domain}/{polarity}", "domein en soort in de naam")
    return CodeMapping(code_guid, name, None, "geen overeenkomst")


def _all_codes() -> list[str]:
    return [f"{d}/{p}" for d in DOMAIN_KEYS for p in POLARITIES]


def _parse(data: bytes, which: str, what: str) -> etree._Element:
    errors = validate(data, which)
    if errors:
        raise UserError(
            f"{what} voldoet niet aan het REFI-QDA-schema ({which}): " + "; ".join(errors[:3])
        )
    return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))


def _codes_of(element: etree._Element, ns: str) -> list[CodeMapping]:
    out = []
    for code in element.iter(f"{{{ns}}}Code"):
        if code.get("isCodable") in ("true", "1"):
            out.append(map_code(code.get("guid", ""), code.get("name", "")))
    return out


def read_qdc(data: bytes) -> list[CodeMapping]:
    """The codable codes of a ``.qdc`` codebook, each mapped onto the project's codes."""
    root = _parse(data, "Codebook.xsd", "Het codeboek")
    return _codes_of(root, CODEBOOK_NS)


@dataclass
class ImportedCodes:
    """What the codes of a ``.qdpx`` project say, per note of this installation."""

    codes: dict[int, dict[str, set[str]]] = field(default_factory=dict)
    """note id -> coder name -> codes (``domain/polarity``)."""
    mappings: list[CodeMapping] = field(default_factory=list)
    unknown_sources: list[str] = field(default_factory=list)
    skipped_codings: int = 0


def _open_qde(data: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UserError("Dit is geen .qdpx-bestand (geen zip-archief).") from exc
    with archive:
        names = [n for n in archive.namelist() if n.lower().endswith(".qde")]
        if not names:
            raise UserError("In dit .qdpx-bestand staat geen project.qde.")
        info = archive.getinfo(names[0])
        if info.file_size > _MAX_ZIP_BYTES:
            raise UserError("project.qde is te groot om in te lezen.")
        return archive.read(info)


def read_qdpx_codes(data: bytes, note_texts: Mapping[int, str]) -> ImportedCodes:
    """The codes of a ``.qdpx`` project per note of ``note_texts`` (id -> text) and per coder.

    A source is recognised by its GUID (exported here) or, for a project another tool made
    from the same notes, by the note's text. A coding whose code maps onto none of the
    project's codes is counted as skipped, never guessed."""
    ns = PROJECT_NS
    root = _parse(_open_qde(data), "Project.xsd", "Het project")
    users = {
        u.get("guid", "").strip("{}").lower(): u.get("name") or "onbekend"
        for u in root.iter(f"{{{ns}}}User")
    }
    book = root.find(f"{{{ns}}}CodeBook")
    mappings = _codes_of(book, ns) if book is not None else []
    targets = {m.guid.strip("{}").lower(): m.target for m in mappings}
    by_guid = {guid("note", i): i for i in note_texts}
    by_text = {" ".join(t.split()): i for i, t in note_texts.items()}
    result = ImportedCodes(mappings=mappings)
    for source in root.iter(f"{{{ns}}}TextSource"):
        note_id = by_guid.get(source.get("guid", "").strip("{}").lower())
        if note_id is None:
            content = source.findtext(f"{{{ns}}}PlainTextContent")
            note_id = by_text.get(" ".join((content or "").split()))
        if note_id is None:
            result.unknown_sources.append(source.get("name") or source.get("guid", ""))
            continue
        for coding in source.iter(f"{{{ns}}}Coding"):
            ref = coding.find(f"{{{ns}}}CodeRef")
            target = targets.get(
                (ref.get("targetGUID", "") if ref is not None else "").strip("{}").lower()
            )
            if target is None:
                result.skipped_codings += 1
                continue
            user = users.get(coding.get("creatingUser", "").strip("{}").lower(), "onbekend")
            result.codes.setdefault(note_id, {}).setdefault(user, set()).add(target)
    return result


def note_codes(imported: ImportedCodes) -> dict[int, set[str]]:
    """The codes of each note in the project, whoever coded them."""
    return {n: set().union(*per_user.values()) for n, per_user in imported.codes.items()}


def apply_imported(
    store: Any, imported: ImportedCodes, current: Mapping[int, set[str]], fallback: str
) -> int:
    """Make each note's codes those of the project, as a review by the people who coded in the
    QDA tool (``fallback`` when only the automatic coder's codes came back). A note whose codes
    are unchanged is left alone. Returns the number of notes changed."""
    changed = 0
    for note_id, wanted in sorted(note_codes(imported).items()):
        if wanted == current.get(note_id, set()):
            continue
        coders = sorted(u for u in imported.codes[note_id] if u != AUTOMATIC_USER)
        who = ", ".join(coders)[:120] or fallback
        store.set_codes(note_id, [tuple(c.split("/", 1)) for c in sorted(wanted)], analyst=who)
        changed += 1
    return changed
