"""hp.row_table shows rows as an HTML table in a notebook and as aligned text elsewhere."""

import pytest

import helpers as hp
from helpers.rowtable import row_table


def test_numbers_are_right_aligned_and_text_left_aligned():
    table = row_table([("skin", 0.42), ("fat", 0.2)], headers=["tissue", "k (W/(m K))"])
    assert str(table).splitlines() == ["tissue  k (W/(m K))",
                                       "skin           0.42",
                                       "fat             0.2"]


def test_formats_by_column_name_or_position_give_the_same_table():
    rows = [{"angle": 15, "rise": 1.666}, {"angle": 30, "rise": 3.35}]
    by_name = row_table(rows, formats={"rise": ".1f"})
    by_place = row_table(rows, formats=[None, lambda v: f"{v:.1f}"])
    assert str(by_name) == str(by_place) and "1.7" in str(by_name)


def test_empty_values_show_as_empty_cells_and_columns_pick_keys():
    table = row_table([{"a": 1, "b": None, "c": "x"}], columns=["c", "b"], headers=["C", "B"])
    assert table.rows[0][1].text == "" and table.headers == ("C", "B")


def test_html_escapes_every_cell_and_marks_numbers():
    html = row_table([("<b>", 2)], headers=["name & kind", "n"], caption="A & B")._repr_html_()
    assert "<caption>A &amp; B</caption>" in html and "<th>name &amp; kind</th>" in html
    assert "<td>&lt;b&gt;</td>" in html and "<td class='hp-num'>2</td>" in html


@pytest.mark.parametrize("kwargs", [{"headers": ["one"]}, {"formats": [".1f"]},
                                    {"formats": [1, 2]}])
def test_mismatched_headers_or_formats_are_one_clear_error(kwargs):
    with pytest.raises(ValueError, match="header|format"):
        row_table([(1, 2)], **kwargs)


def test_the_helper_is_at_the_top_level():
    assert hp.row_table is row_table
