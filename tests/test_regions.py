"""Tests for helpers.models.regions: the region records, polygons and hit testing."""

import csv
import doctest
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.path import Path as MplPath

import helpers as hp
from helpers.models import regions as R
from helpers.schemas.regions import PRESSURES
from helpers.tables import TableError

RMAP = R.load_region_map()
ISSUE_REGIONS = {
    "gastroc_medial", "gastroc_lateral", "soleus", "achilles", "deep_calf", "peroneals",
    "heel_origin", "arch_fascia", "sole_muscles", "ball", "toes",
}


def test_doctests_pass():
    result = doctest.testmod(R)
    assert result.failed == 0 and result.attempted > 0


def test_at_least_ten_regions_cover_the_issue_list():
    assert len(RMAP.regions) >= 10
    assert ISSUE_REGIONS <= set(RMAP.ids)


def test_regions_are_ordered_knee_to_toes():
    orders = [r.order for r in RMAP.regions]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert RMAP.ids[0].startswith("gastroc") and RMAP.ids[-1] == "toes"
    # the leg view comes before the sole view
    views = [r.view for r in RMAP.regions]
    assert views == sorted(views, key=lambda v: v != "leg")


@pytest.mark.parametrize("region", RMAP.regions, ids=lambda r: r.region_id)
def test_polygon_is_simple_with_positive_area(region):
    assert R.is_simple_polygon(region.polygon)
    assert region.area_du2 > 1.0


@pytest.mark.parametrize("region", RMAP.regions, ids=lambda r: r.region_id)
def test_polygon_lies_inside_the_frame_and_its_outline(region):
    x0, x1, y0, y1 = R.FRAME
    assert region.polygon[:, 0].min() >= x0 and region.polygon[:, 0].max() <= x1
    assert region.polygon[:, 1].min() >= y0 and region.polygon[:, 1].max() <= y1
    outline = RMAP.outlines["outline_leg" if region.view == "leg" else "outline_sole"]
    inside = [MplPath(outline).contains_point(v, radius=-0.6) or
              MplPath(outline).contains_point(v, radius=0.6) for v in region.polygon]
    assert all(inside)
    assert R.point_in_polygon(*region.anchor, outline)


@pytest.mark.parametrize("region", RMAP.regions, ids=lambda r: r.region_id)
def test_click_at_anchor_selects_the_region(region):
    assert RMAP.region_at(*region.anchor) is region


@pytest.mark.parametrize("region", RMAP.regions, ids=lambda r: r.region_id)
def test_record_has_every_field_filled(region):
    for field in ("name", "label", "what_it_is", "why_it_matters", "direction", "cautions",
                  "evidence"):
        assert getattr(region, field).strip(), field
    assert region.techniques and all(t in RMAP.techniques for t in region.techniques)
    assert region.pressure in PRESSURES
    assert 0.5 <= region.typical_min <= 15
    assert region.evidence_level in R.EVIDENCE_TEXT
    assert region.sources


@pytest.mark.parametrize("region", RMAP.regions, ids=lambda r: r.region_id)
def test_region_source_keys_resolve(region):
    for key in region.sources:
        assert hp.source(key)["key"] == key


def test_technique_source_keys_resolve_and_only_convention_lacks_sources():
    assert len(RMAP.techniques) >= 9
    for tech in RMAP.techniques.values():
        for key in tech.sources:
            hp.source(key)
        assert tech.sources or tech.evidence_level == "convention"


def test_tuina_techniques_are_marked_low_authority():
    tuina = [t for t in RMAP.techniques.values() if t.family == "tuina"]
    assert {t.technique_id for t in tuina} == {"tuina_rolling", "tuina_pressing", "tuina_kneading"}
    for tech in tuina:
        assert tech.evidence_level == "low"
        assert all(hp.source(k)["status"] == "S" for k in tech.sources
                   if k in ("regimenmotion", "tcmland"))


def test_trials_named_in_brief_appear_in_evidence():
    text = " ".join(r.evidence for r in RMAP.regions)
    for trial in ("Saban 2014", "Renan-Ordine 2011", "Ajimsha 2014", "Cleland 2009"):
        assert trial in text
    assert any(r.evidence_level == "none" for r in RMAP.regions)


def test_regions_never_overlap_on_a_grid():
    xs, ys = np.meshgrid(np.linspace(0.5, 99.5, 100), np.linspace(0.5, 99.5, 100))
    counts = np.zeros(xs.shape, dtype=int)
    for region in RMAP.regions:
        path = MplPath(region.polygon)
        counts += path.contains_points(np.column_stack([xs.ravel(), ys.ravel()])).reshape(xs.shape)
    assert counts.max() <= 1


def test_empty_drawing_returns_none():
    assert RMAP.region_at(50, 50) is None
    assert RMAP.region_at(0, 0) is None


@pytest.mark.parametrize("x, y", [(-1, 50), (50, 101), (float("nan"), 3), (3, float("inf"))])
def test_points_outside_the_frame_are_refused(x, y):
    with pytest.raises(ValueError, match="must be between 0 and 100 drawing units"):
        RMAP.region_at(x, y)


def test_unknown_region_id_is_refused_with_the_allowed_ids():
    with pytest.raises(ValueError, match="region_id must be one of"):
        RMAP.get("knee_cap")


@settings(max_examples=300, deadline=None)
@given(st.floats(0, 100), st.floats(0, 100))
def test_ray_casting_agrees_with_matplotlib(x, y):
    for region in RMAP.regions:
        path = MplPath(region.polygon)
        ours = R.point_in_polygon(x, y, region.polygon)
        # skip points within a hair of an edge, where either answer is acceptable
        if path.contains_point((x, y), radius=0.05) == path.contains_point((x, y), radius=-0.05):
            assert ours == path.contains_point((x, y))


@given(st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=3, max_size=8))
def test_shoelace_area_is_antisymmetric(points):
    assert R.polygon_area(points) == pytest.approx(-R.polygon_area(points[::-1]), abs=1e-6)


def test_bow_tie_and_repeated_vertices_are_not_simple():
    assert not R.is_simple_polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    assert not R.is_simple_polygon([(0, 0), (1, 0), (1, 0), (0, 1)])
    assert not R.is_simple_polygon([(0, 0), (1, 0)])


def _copy_data(tmp_path):
    import shutil

    from helpers.tables import DATA_DIR

    for name in ("sources", "regions", "region_polygons", "techniques"):
        shutil.copy(DATA_DIR / f"{name}.csv", tmp_path / f"{name}.csv")
    return tmp_path


def test_a_self_crossing_polygon_in_the_data_is_refused(tmp_path):
    folder = _copy_data(tmp_path)
    path = folder / "region_polygons.csv"
    kept = [line for line in path.read_text().splitlines() if not line.startswith("achilles,")]
    bow_tie = [(22, 38), (28, 15), (28, 38), (22, 15)]
    kept += [f"achilles,region,{i},{x},{y}" for i, (x, y) in enumerate(bow_tie)]
    path.write_text("\n".join(kept) + "\n")
    with pytest.raises(TableError, match="achilles.*crosses itself") as caught:
        R.load_region_map(folder)
    assert "data/region_polygons.csv, line " in str(caught.value)
    assert caught.value.column == "x_du" and caught.value.line > 1


@pytest.mark.parametrize("anchor, problem", [
    ((95.0, 95.0), "outside region 'achilles'"),  # in no region
    ("heel", "also lies in region"),  # inside the inner heel, which comes earlier
])
def test_an_anchor_outside_its_region_or_in_an_earlier_one_is_refused(tmp_path, anchor, problem):
    folder = _copy_data(tmp_path)
    path = folder / "regions.csv"
    text = path.read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    regions = {r.region_id: r for r in RMAP.regions}
    target = "achilles"
    if anchor == "heel":  # the toes (after the inner heel) drawn over the inner heel
        target, anchor = "toes", regions["heel_origin"].anchor
        shapes = folder / "region_polygons.csv"
        kept = [line for line in shapes.read_text().splitlines() if not line.startswith("toes,")]
        kept += [f"toes,region,{i},{x:g},{y:g}"
                 for i, (x, y) in enumerate(regions["heel_origin"].polygon)]
        shapes.write_text("\n".join(kept) + "\n")
    row = next(r for r in rows if r["region_id"] == target)
    row["anchor_x"], row["anchor_y"] = str(anchor[0]), str(anchor[1])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue())
    with pytest.raises(TableError, match=problem) as caught:
        R.load_region_map(folder)
    assert str(caught.value).startswith("data/regions.csv, line ")
    assert caught.value.column == "anchor_x"


def test_a_region_without_polygon_is_refused(tmp_path):
    folder = _copy_data(tmp_path)
    path = folder / "region_polygons.csv"
    kept = [line for line in path.read_text().splitlines() if not line.startswith("toes,")]
    path.write_text("\n".join(kept) + "\n")
    with pytest.raises(TableError, match="'toes' has no polygon"):
        R.load_region_map(folder)


def test_unknown_source_key_in_regions_is_refused(tmp_path):
    folder = _copy_data(tmp_path)
    path = folder / "regions.csv"
    path.write_text(path.read_text().replace("saban2014", "saban2099", 1))
    with pytest.raises(ValueError, match="saban2099"):
        R.load_region_map(folder)


def test_regions_table_text_lists_every_region():
    text = R.regions_table_text()
    assert len(text.splitlines()) == len(RMAP.regions) + 1
    assert "no trial targeted this region" in text
