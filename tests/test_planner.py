"""Tests for helpers.models.planner: ordering, totals, cautions, rendering and saving."""

import doctest
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import files
from helpers.apps.regions import save_plan
from helpers.models import planner as P
from helpers.models import regions as R

RMAP = R.load_region_map()
IDS = list(RMAP.ids)


def test_doctests_pass():
    result = doctest.testmod(P)
    assert result.failed == 0 and result.attempted > 0


def test_plan_orders_regions_from_knee_to_toes():
    plan = P.plan_session({"toes": 2, "arch_fascia": 3, "soleus": 2, "gastroc_medial": 1})
    assert [s.region_id for s in plan.steps] == ["gastroc_medial", "soleus", "arch_fascia", "toes"]
    assert [s.number for s in plan.steps] == [1, 2, 3, 4]


def test_plan_sums_time_and_steps_follow_each_other():
    plan = P.plan_session({"toes": 2, "arch_fascia": 3.5, "soleus": 2})
    assert plan.total_min == pytest.approx(7.5)
    assert [s.start_min for s in plan.steps] == [0, 2, 5.5]
    assert [s.end_min for s in plan.steps] == [2, 5.5, 7.5]


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(IDS), st.floats(0.5, 15), min_size=1))
def test_any_valid_plan_is_ordered_and_totals_add_up(minutes):
    plan = P.plan_session(minutes)
    orders = [RMAP.get(s.region_id).order for s in plan.steps]
    assert orders == sorted(orders)
    assert plan.total_min == pytest.approx(sum(minutes.values()))
    assert plan.steps[-1].end_min == pytest.approx(plan.total_min)
    assert len(plan.cautions) == len(minutes)


def test_default_plan_covers_every_region():
    plan = P.plan_session(P.default_minutes())
    assert len(plan.steps) == len(RMAP.regions)
    assert plan.total_min == pytest.approx(sum(r.typical_min for r in RMAP.regions))


def test_cautions_are_those_of_the_chosen_regions():
    plan = P.plan_session({"achilles": 2, "toes": 1})
    assert plan.cautions == (
        ("Achilles tendon", RMAP.get("achilles").cautions),
        ("Toes", RMAP.get("toes").cautions),
    )


@pytest.mark.parametrize("minutes", [0, 0.4, 15.5, -3, float("nan"), float("inf"), "5", True])
def test_impossible_minutes_are_refused(minutes):
    with pytest.raises(ValueError, match="minutes for toes must"):
        P.plan_session({"toes": minutes})


def test_empty_plan_and_unknown_region_are_refused():
    with pytest.raises(ValueError, match="at least one region"):
        P.plan_session({})
    with pytest.raises(ValueError, match=r"minutes_by_region \(region_id\) must be one of"):
        P.plan_session({"hamstring": 3})


def test_markdown_render_is_exact():
    plan = P.plan_session({"toes": 2, "achilles": 1.5})
    a, t = RMAP.get("achilles"), RMAP.get("toes")
    expected = "\n".join([
        "# Massage session plan",
        "",
        "From the knee towards the toes: 2 regions, 3.5 min in total.",
        "",
        "| # | Start (min) | Minutes | Region | Techniques | Pressure | Direction |",
        "|---|---|---|---|---|---|---|",
        f"| 1 | 0 | 1.5 | {a.name} | {', '.join(RMAP.technique_names(a))} | light | {a.direction} |",
        f"| 2 | 1.5 | 2 | {t.name} | {', '.join(RMAP.technique_names(t))} | light | {t.direction} |",
        "",
        "## Before you start: safety",
        "",
        plan.safety().markdown(level=3).rstrip(),
        "",
        f"_{P.CONVENTION_NOTE}_",
        "",
    ])
    assert P.render_markdown(plan) == expected


def test_html_render_is_exact_and_escaped():
    plan = P.plan_session({"toes": 2})
    t = RMAP.get("toes")
    page = P.render_html(plan, title="Plan <for> Ann & Bo")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
    assert "<title>Plan &lt;for&gt; Ann &amp; Bo</title>" in page
    assert "<h1>Plan &lt;for&gt; Ann &amp; Bo</h1>" in page
    assert (
        f"<tr><td>1</td><td>0</td><td>2</td><td>{t.name}</td>"
        f"<td>{', '.join(RMAP.technique_names(t))}</td><td>light</td><td>{t.direction}</td></tr>"
    ) in page
    assert plan.safety().html(level=3) in page
    assert f"<li>Toes: {t.cautions}</li>" in page
    assert page.endswith("</body>\n</html>\n")
    assert "<script" not in page


def test_markdown_escapes_table_pipes():
    assert P._md_cell("a|b") == "a\\|b"


@pytest.mark.parametrize("name, fmt", [("plan.md", "markdown"), ("PLAN.HTML", "html"),
                                       ("x.htm", "html"), ("x.markdown", "markdown")])
def test_format_follows_the_file_ending(name, fmt):
    assert P.format_for_path(name) == fmt


@pytest.mark.parametrize("name", ["plan.txt", "plan", "", "plan.md.bak"])
def test_other_file_endings_are_refused(name):
    with pytest.raises(ValueError, match=r"must end in \.md"):
        P.format_for_path(name)


# ---- saving (helpers.apps.regions.save_plan over hp.files.atomic_write_text)

def test_save_writes_markdown_and_html(tmp_path):
    plan = P.plan_session({"toes": 2})
    md = save_plan(plan, tmp_path / "plan.md")
    page = save_plan(plan, tmp_path / "plan.html")
    assert md.read_text(encoding="utf-8") == P.render_markdown(plan)
    assert page.read_text(encoding="utf-8") == P.render_html(plan)


def test_save_never_overwrites_silently(tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("my own notes\n")
    plan = P.plan_session({"toes": 2})
    with pytest.raises(FileExistsError, match="already exists"):
        save_plan(plan, target)
    assert target.read_text() == "my own notes\n"
    save_plan(plan, target, overwrite=True)
    assert target.read_text(encoding="utf-8") == P.render_markdown(plan)


def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    plan = P.plan_session(P.default_minutes())

    def broken_fsync(fd):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        save_plan(plan, tmp_path / "plan.html")
    assert os.listdir(tmp_path) == []


def test_failed_overwrite_keeps_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "plan.md"
    target.write_text("old plan\n")
    monkeypatch.setattr(files.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError("crash")))
    with pytest.raises(OSError):
        save_plan(P.plan_session({"toes": 2}), target, overwrite=True)
    assert target.read_text() == "old plan\n"
    assert os.listdir(tmp_path) == ["plan.md"]


def test_save_refuses_missing_folder_and_no_plan(tmp_path):
    plan = P.plan_session({"toes": 2})
    with pytest.raises(FileNotFoundError):
        save_plan(plan, tmp_path / "no-such-folder" / "plan.md")
    with pytest.raises(ValueError, match="nothing to save"):
        save_plan(None, tmp_path / "plan.md")
    assert os.listdir(tmp_path) == []
