"""The source table and citations."""

import pytest

import helpers as hp
from helpers.tables import load_table


def test_source_table_rules_hold():
    table = load_table("sources")
    assert len(table) >= 40
    for row in table:
        assert row["doi"] or row["pmid"] or row["url"]
        assert row["status"] in ("V", "S")


def test_cite_formats_one_two_and_many_authors():
    assert hp.cite("kitaoka1994") == "Kitaoka et al. 1994"
    assert hp.cite("hicks2019") == "Hicks & Selvin 2019"
    assert hp.cite("ernst2003") == "Ernst 2003"


def test_cite_names_organisations_and_unknown_authors_sensibly():
    assert hp.cite("nysed_massage") == "New York State Education Department n.d."
    assert hp.cite("tu2011") == "Tu & Bytomski 2011"
    assert hp.cite("koc2023") == "Koc et al. 2023"
    for row in load_table("sources"):
        text = hp.cite(row["key"])
        assert "[" not in text and "not recorded" not in text, (row["key"], text)


def test_unknown_key_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown source key 'kitaoka1995'.*Did you mean kitaoka1994"):
        hp.cite("kitaoka1995")


def test_references_render_doi_links_and_status():
    refs = hp.references(["kitaoka1994", "erdemir2004"])
    html = refs._repr_html_()
    assert html.count("<li>") == 2
    assert "https://doi.org/" in html
    assert "Status:" in html
    md = refs.markdown()
    assert md.startswith("1. Kitaoka HB")
    assert "\n2. Erdemir A" in md


def test_references_need_keys():
    with pytest.raises(ValueError, match="at least one source key"):
        hp.references([])
