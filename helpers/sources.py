"""Citations from the project's source table, ``data/sources.csv``.

>>> cite("kitaoka1994")
'Kitaoka et al. 1994'
>>> print(references(["kitaoka1994"]).markdown().splitlines()[0][:41])
1. Kitaoka HB, Luo ZP, Growney ES, et al.
"""

from __future__ import annotations

import html
import re

from helpers.tables import load_table

_INITIALS = re.compile(r"^[A-Z][A-Za-z]{0,3}\.?$")

STATUS_TEXT = {
    "V": "verified against the original publication",
    "S": "secondary: known to us only from a summary or copy of the original; treat with caution",
}


def _table_by_key() -> dict:
    return load_table("sources").by("key")


def source(key: str) -> dict:
    """The source-table row for ``key`` (a dict), or a ``ValueError`` for an unknown key."""
    rows = _table_by_key()
    if key not in rows:
        close = [k for k in rows if k[:4] == str(key)[:4]]
        hint = f" Did you mean {', '.join(sorted(close)[:3])}?" if close else ""
        raise ValueError(f"unknown source key {key!r}: it is not in data/sources.csv.{hint}")
    return rows[key]


STATUS_MARKER = "[secondary]"


def status_marker(key: str) -> str:
    """The marker a fact from ``key`` carries wherever it is shown: ``"[secondary]"`` for a source
    read only in a summary or copy (status S), ``""`` for one verified at the source.

    >>> status_marker("koc2023"), status_marker("kitaoka1994")
    ('[secondary]', '')
    """
    return STATUS_MARKER if source(key)["status"] == "S" else ""


def cite_marked(key: str) -> str:
    """``cite(key)`` followed by its status marker when the source is secondary.

    >>> cite_marked("koc2023")
    'Koc et al. 2023 [secondary]'
    """
    marker = status_marker(key)
    return f"{cite(key)} {marker}" if marker else cite(key)


def _surnames(authors: str) -> list:
    names = []
    for part in authors.split(","):
        part = part.strip()
        if not part or part.lower().startswith("et al"):
            continue
        tokens = part.split()
        while len(tokens) > 1 and tokens[-1].rstrip(".") in ("Jr", "Sr", "II", "III"):
            tokens.pop()
        while len(tokens) > 1 and _INITIALS.match(tokens[-1]) and tokens[-1].isupper():
            tokens.pop()
        names.append(" ".join(tokens))
    return names


def _is_person(part: str) -> bool:
    tokens = [t for t in part.split() if t.rstrip(".") not in ("Jr", "Sr", "II", "III")]
    return len(tokens) > 1 and bool(_INITIALS.match(tokens[-1])) and tokens[-1].isupper()


def _lead_name(row) -> str:
    authors = row["authors"].strip()
    parts = [p.strip() for p in authors.split(",") if p.strip()]
    if not any(_is_person(p) for p in parts):
        # an organisation, perhaps with a comma in its name
        return re.sub(r"\s*\(.*?\)", "", parts[0]).strip()
    names = _surnames(authors)
    if len(names) > 2 or "et al" in authors:
        return f"{names[0]} et al."
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return names[0]


def cite(key: str) -> str:
    """Short in-text citation: ``'Kitaoka et al. 1994'``, ``'Hicks & Selvin 2019'``."""
    row = source(key)
    return f"{_lead_name(row)} {row['year'] or 'n.d.'}"


#: Short names for sources whose author is an organisation or a web site.
SHORT_NAMES = {
    "nccih": "NCCIH",
    "cdc_clots": "CDC",
    "nhs_dvt": "NHS",
    "nysed_massage": "NY State Office of the Professions",
    "bmjbestpractice": "BMJ Best Practice",
    "statpearls_diabeticfoot": "StatPearls 2023",
    "jovecore_leg": "JoVE Core Anatomy",
    "gwessentials2022": "A&P Essentials 2022",
    "tcmland": "tcmland.com (website)",
    "regimenmotion": "regimenmotion.com (website)",
}


def short_cite(key: str) -> str:
    """The one short in-text citation of readouts and saved lists: :func:`cite` for named
    authors (surname only before a suffix), a short name for an organisation or web site, and
    for other sources without a person as author the journal or organisation with the year.

    >>> short_cite("farrar2001"), short_cite("nccih"), short_cite("nysed_massage")
    ('Farrar et al. 2001', 'NCCIH', 'NY State Office of the Professions')
    """
    label = cite(key)  # also checks that the key exists
    if key in SHORT_NAMES:
        return SHORT_NAMES[key]
    row = source(key)
    authors = (row["authors"] or "").strip()
    year = row["year"]
    if authors.startswith("[") and row["journal"]:
        lead = re.sub(r"\s*\d{4}.*$", "", row["journal"].split(";")[0]).strip()
        return f"{lead} {year}" if year else f"{lead}, undated"
    has_person = re.search(r"\b[A-Z]{1,3}\b", authors.split(",")[0]) is not None
    if authors and not has_person:
        lead = authors.split(",")[0].strip()
        return f"{lead} {year}" if year else f"{lead}, undated"
    # cite keeps initials before a suffix ("Koc TA Jr et al."); show the surname only
    return re.sub(r" [A-Z]{1,3} (?:Jr|Sr)\.?(?= et al\.| &| \d)", "", label)


def short_cite_marked(key: str) -> str:
    """:func:`short_cite` followed by the status marker when the source is secondary.

    >>> short_cite_marked("koc2023"), short_cite_marked("cdc_clots")
    ('Koc et al. 2023 [secondary]', 'CDC')
    """
    marker = status_marker(key)
    return f"{short_cite(key)} {marker}" if marker else short_cite(key)


def _author_list(authors: str) -> str:
    parts = [p.strip() for p in authors.split(",") if p.strip()]
    if len(parts) > 4:
        parts = parts[:3] + ["et al."]
    return ", ".join(parts).replace(", et al., et al.", ", et al.")


def _links(row) -> list:
    links = []
    if row["doi"]:
        links.append((f"doi:{row['doi']}", f"https://doi.org/{row['doi']}"))
    if row["pmid"]:
        links.append((f"PMID {row['pmid']}", f"https://pubmed.ncbi.nlm.nih.gov/{row['pmid']}/"))
    if row["url"] and not links:
        host = row["url"].split("//", 1)[-1].split("/", 1)[0].removeprefix("www.")
        links.append((f"web page ({host})", row["url"]))
    return links


def _where(row) -> str:
    """Journal, volume and pages as in a citation: ``J Anat 223(6):665-676``."""
    where = row["journal"] or ""
    if row["volume"]:
        where += f" {row['volume']}"
    if row["pages"]:
        where += f":{row['pages']}" if row["volume"] else f", {row['pages']}"
    return where.strip()


class ReferenceList:
    """A numbered reference list that renders as HTML in JupyterLab and as Markdown or text.

    Each entry is a citation: authors, year, title, journal with volume and pages, a DOI or
    PubMed link (a web page where neither exists) and the source's status in plain words.
    The source table's ``maintainer_note`` and ``quote`` are never shown.
    """

    def __init__(self, keys):
        keys = list(dict.fromkeys(keys))
        if not keys:
            raise ValueError("references() needs at least one source key")
        self.keys = keys
        self.rows = [source(k) for k in keys]

    @staticmethod
    def _parts(row):
        return (_author_list(row["authors"]), row["year"] or "n.d.", row["title"].rstrip("."),
                _where(row), STATUS_TEXT[row["status"]])

    def markdown(self) -> str:
        lines = []
        for i, row in enumerate(self.rows, start=1):
            authors, year, title, where, status = self._parts(row)
            links = " · ".join(f"[{text}]({href})" for text, href in _links(row))
            where_text = f" *{where}*." if where else ""
            lines.append(f"{i}. {authors} ({year}). {title}.{where_text} {links}. Status: {status}.")
        return "\n".join(lines)

    def _repr_markdown_(self):
        return self.markdown()

    def _repr_html_(self):
        items = []
        for row in self.rows:
            authors, year, title, where, status = self._parts(row)
            links = " · ".join(
                f'<a href="{html.escape(href)}" target="_blank" rel="noopener">{html.escape(text)}</a>'
                for text, href in _links(row)
            )
            where_html = f" <em>{html.escape(where)}</em>." if where else ""
            items.append(
                f"<li>{html.escape(authors)} ({year}). {html.escape(title)}.{where_html} {links}. "
                f"<span class='hp-status'>Status: {html.escape(status)}.</span></li>"
            )
        return "<ol class='hp-references'>" + "".join(items) + "</ol>"

    def __repr__(self):
        return self.markdown()


def references(keys) -> ReferenceList:
    """A formatted reference list (authors, year, title, journal, volume and pages, DOI/PMID
    link, status)."""
    if isinstance(keys, str):
        keys = [keys]
    return ReferenceList(keys)


# every public function answers bad input with a learner-facing ValueError
from helpers.validate import check_module_inputs  # noqa: E402

check_module_inputs(globals())
