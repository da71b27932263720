"""Schema of the source table, ``data/sources.csv``."""

import re

from helpers.tables import Column, Schema

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


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
    if not (row["facts_ref"] or row["quote"]):
        return "a source needs facts_ref (its FACTS.md section) or the quote read at the source"
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
            Column("doi", required=False),
            Column("pmid", required=False),
            Column("url", required=False),
            Column("status", "choice", choices=("V", "S")),
            Column("facts_ref", required=False),
            Column("quote", required=False),
            Column("note", required=False),
        ),
        unique="key",
        description="Every work a lesson cites: V read at the primary source, S secondary.",
        check=_check_source,
    )
]
