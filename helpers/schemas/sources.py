"""Schema of the source table, ``data/sources.csv``."""

import re

from helpers.schemas.base import Column, Schema

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# a citation shows who wrote what: a placeholder instead of the authors or the title means the
# source has not been confirmed and cannot be cited
_PLACEHOLDER = re.compile(r"\[|\]|not recorded|not shown|not seen|unknown|full author list|"
                          r"as listed|one author|and colleagues|editor shown|see pubmed|"
                          r"to be confirmed", re.IGNORECASE)


def _check_source(row) -> str | None:
    if not _KEY.match(row["key"]):
        return f"column 'key': {row['key']!r} must be lower-case letters, digits or _"
    if not (row["doi"] or row["pmid"] or row["url"]):
        return "a source needs at least one of doi, pmid or url"
    if row["doi"] and not _DOI.match(row["doi"]):
        return f"column 'doi': {row['doi']!r} is not a DOI (10.xxxx/...)"
    if row["pmid"] and not row["pmid"].isdigit():
        return f"column 'pmid': {row['pmid']!r} is not a PubMed id (digits only)"
    if row["url"] and not row["url"].startswith(("http://", "https://")):
        return f"column 'url': {row['url']!r} is not a web address"
    for column in ("authors", "title"):
        if _PLACEHOLDER.search(row[column]):
            return (f"column '{column}': {row[column]!r} is a placeholder; confirm the "
                    f"{column} from the source itself, or do not cite it")
    if not (row["quote"] or row["maintainer_note"]):
        return "a source needs the quote it is cited for, or a maintainer_note saying what it supports"
    return None


SCHEMAS = [
    Schema(
        "sources",
        (
            Column("key"),
            Column("authors"),
            Column("year", "integer", required=False, minimum=1900, maximum=2100),
            Column("title"),
            Column("journal", required=False),
            Column("volume", required=False),
            Column("pages", required=False),
            Column("doi", required=False),
            Column("pmid", required=False),
            Column("url", required=False),
            Column("status", "choice", choices=("V", "S")),
            Column("quote", required=False),
            Column("maintainer_note", required=False),
        ),
        unique="key",
        description="Every work a lesson cites: V read at the primary source, S secondary.",
        check=_check_source,
    )
]
