"""The data loader: every file in data/ loads; every kind of mistake is named precisely."""

import pytest

from helpers import tables
from helpers.tables import Column, Schema, load_table, read_table

SCHEMA = Schema(
    "demo",
    (
        Column("key"),
        Column("value_n", "number", minimum=0),
        Column("count", "integer", required=False),
        Column("kind", "choice", choices=("a", "b")),
        Column("source", "source"),
        Column("more", "sources", required=False),
        Column("flag", "bool", required=False),
    ),
    unique="key",
)
HEADER = "key,value_n,count,kind,source,more,flag\n"


def _read(tmp_path, body):
    path = tmp_path / "demo.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return read_table(path, SCHEMA, source_keys={"kitaoka1994", "erdemir2004"})


def test_every_data_file_has_a_schema_and_loads():
    stems = tables.data_files()
    assert "sources" in stems
    for stem in stems:
        tables.schema_for(stem)  # raises, naming the file, when no schema covers it
        assert len(load_table(stem)) > 0, f"data/{stem}.csv has no rows"


def test_every_schema_has_a_data_file():
    files = tables.data_files()
    for name, schema in tables.schemas().items():
        if schema.folder:
            assert any(f.startswith(f"{name}/") for f in files), f"data/{name}/ has no CSV file"
        else:
            assert name in files, f"schema {name!r} has no data/{name}.csv"


def test_a_folder_schema_covers_each_file_in_its_folder(tmp_path):
    (tmp_path / "sources.csv").write_text(
        (tables.DATA_DIR / "sources.csv").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "99-demo.csv").write_text(
        "number,prompt,option_1,option_2,option_3,option_4,answer,why_1,why_2,why_3,why_4,sources\n"
        "1,Q?,a,b,c,,3,x,y,z,,kitaoka1994\n", encoding="utf-8")
    assert "quizzes/99-demo" in tables.data_files(tmp_path)
    table = load_table("quizzes/99-demo", data_dir=tmp_path)
    assert table.name == "quizzes/99-demo" and table.rows[0]["answer"] == 3
    assert table.rows[0]["option_4"] is None and table.rows[0]["sources"] == ["kitaoka1994"]


@pytest.mark.parametrize("name", ["quizzes", "quizzes/", "nope/01-causes", "../sources",
                                  "quizzes/a/b", "sources/x"])
def test_a_name_no_schema_covers_is_refused_clearly(name):
    with pytest.raises(ValueError, match="no schema for data/"):
        load_table(name)


def test_good_rows_are_typed(tmp_path):
    table = _read(tmp_path, "x,1.5,3,a,kitaoka1994,kitaoka1994; erdemir2004,yes\n")
    row = table.rows[0]
    assert row == {
        "key": "x", "value_n": 1.5, "count": 3, "kind": "a", "source": "kitaoka1994",
        "more": ["kitaoka1994", "erdemir2004"], "flag": True,
    }
    assert table.column("value_n").tolist() == [1.5]
    assert table.by("key")["x"] is row
    assert len(table.where(kind="b")) == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("x,abc,,a,kitaoka1994,,\n", "line 2, column 'value_n': 'abc' is not a number"),
        ("x,,,a,kitaoka1994,,\n", "line 2, column 'value_n': required value is empty"),
        ("x,-1,,a,kitaoka1994,,\n", "line 2, column 'value_n': -1 is below the minimum 0"),
        ("x,1,2.5,a,kitaoka1994,,\n", "line 2, column 'count': '2.5' is not a whole number"),
        ("x,1,,c,kitaoka1994,,\n", "line 2, column 'kind': 'c' is not one of a, b"),
        ("x,1,,a,nobody2020,,\n", "line 2, column 'source': unknown source key 'nobody2020'"),
        ("x,1,,a,kitaoka1994,kitaoka1994;;,\n", "line 2, column 'more': empty source key"),
        ("x,1,,a,kitaoka1994,,maybe\n", "line 2, column 'flag': 'maybe' must be yes or no"),
        ("x,1,,a,kitaoka1994,,\nx,2,,b,kitaoka1994,,\n", "line 3, column 'key': duplicate key 'x'"),
        ("x,1,,a,kitaoka1994\n", "line 2: has 5 fields, the header has 7"),
        ("x,nan,,a,kitaoka1994,,\n", "'nan' is not a finite number"),
    ],
)
def test_bad_rows_name_file_line_and_column(tmp_path, body, message):
    with pytest.raises(ValueError) as info:
        _read(tmp_path, body)
    assert "demo.csv" in str(info.value)
    assert message in str(info.value)


def test_missing_and_unexpected_columns_are_named(tmp_path):
    path = tmp_path / "demo.csv"
    path.write_text("key,value_n,kind,source,more,flag,colour\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 1 \(header\): missing column\(s\) count"):
        read_table(path, SCHEMA)
    path.write_text(HEADER.strip() + ",colour\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"unexpected column\(s\) colour"):
        read_table(path, SCHEMA)


def test_empty_missing_and_binary_files_are_reported(tmp_path):
    path = tmp_path / "demo.csv"
    with pytest.raises(ValueError, match="demo.csv: file not found"):
        read_table(path, SCHEMA)
    path.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="the file is empty"):
        read_table(path, SCHEMA)
    path.write_bytes(b"\xff\xfe\x00k")
    with pytest.raises(ValueError, match="not UTF-8"):
        read_table(path, SCHEMA)


def test_unknown_table_lists_the_known_ones():
    with pytest.raises(ValueError, match="no schema for data/nothing.csv"):
        load_table("nothing")


def test_load_table_reads_a_changed_file_again(tmp_path):
    sources = (tables.DATA_DIR / "sources.csv").read_text(encoding="utf-8")
    (tmp_path / "sources.csv").write_text(sources, encoding="utf-8")
    first = load_table("sources", data_dir=tmp_path)
    lines = sources.splitlines()
    (tmp_path / "sources.csv").write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert len(load_table("sources", data_dir=tmp_path)) == 1 < len(first)
