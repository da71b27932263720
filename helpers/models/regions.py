"""The massage regions of lesson 02: records, drawing polygons and hit testing (numpy only).

The drawing lives in a fixed frame of *drawing units* (``x_du``, ``y_du``, both 0 to 100, not
to scale). The left half shows a right lower leg seen from behind (inner side on the left, knee
at the top); the right half shows the sole of the same foot seen from behind with the knee bent
(heel at the top, toes at the bottom, inner side again on the left). Reading the drawing from
top to bottom therefore goes from the knee towards the toes.

Model assumptions and limits
----------------------------
- The polygons are a teaching schematic: sizes and borders are approximate, and layered
  structures (the fascia over the short muscles of the sole, the soleus under the
  gastrocnemius) are drawn side by side so each can be clicked.
- Regions never overlap in the drawing, so a point belongs to at most one region.
- Pressures, directions and typical times in the records are practice convention, not trial
  evidence; the ``evidence`` field of each record says what was tested.

>>> rmap = load_region_map()
>>> rmap.region_at(25, 27).region_id
'achilles'
>>> rmap.region_at(50, 50) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from helpers import validate
from helpers.geometry import is_simple_polygon, point_in_polygon, polygon_area  # noqa: F401 (used by the map and its tests)
from helpers.tables import TableError, data_folder, load_table

#: the drawing frame, in drawing units: (x_min, x_max, y_min, y_max)
FRAME = (0.0, 100.0, 0.0, 100.0)

PRESSURE_LEVELS = ("light", "light to moderate", "moderate", "moderate to firm", "firm")

EVIDENCE_TEXT = {
    "trial": "A trial treated this region",
    "indirect": "Only indirect trial evidence",
    "none": "No trial targeted this region",
}

TECHNIQUE_EVIDENCE_TEXT = {
    "trial": "used in a heel-pain trial",
    "lab": "studied in the laboratory, not for heel pain",
    "summary": "known from a summary of a trial (secondary)",
    "low": "described only by low-authority web pages (secondary)",
    "convention": "practice convention, no source",
}


@dataclass(frozen=True, eq=False)
class Region:
    """One massage region: what it is, why it matters, how it is treated, and its polygon."""

    region_id: str
    order: int
    label: str
    name: str
    view: str
    what_it_is: str
    why_it_matters: str
    techniques: tuple
    pressure: str
    direction: str
    typical_min: float
    cautions: str
    evidence_level: str
    evidence: str
    sources: tuple
    anchor: tuple
    polygon: np.ndarray
    #: warning topics that apply to this region (``clot``, ``diabetes``), rendered by helpers.safety
    warnings: tuple = ()

    @property
    def area_du2(self) -> float:
        """Area of the polygon in square drawing units."""
        return abs(polygon_area(self.polygon))


@dataclass(frozen=True)
class Technique:
    """One massage technique and the strength of the sources describing it."""

    technique_id: str
    name: str
    family: str
    glyph: str
    hand: str
    stroke: str
    evidence_level: str
    evidence: str
    sources: tuple


@dataclass(frozen=True, eq=False)
class RegionMap:
    """All regions (ordered knee to toes), the drawing outlines and the techniques."""

    regions: tuple
    outlines: dict
    techniques: dict

    @property
    def ids(self) -> tuple:
        """Region ids from the knee towards the toes."""
        return tuple(r.region_id for r in self.regions)

    def get(self, region_id: str) -> Region:
        """The region with this id; ``ValueError`` naming the allowed ids otherwise."""
        validate.check_choice("region_id", region_id, self.ids)
        return self.regions[self.ids.index(region_id)]

    def region_at(self, x_du, y_du):
        """The region containing the point (drawing units), or None for empty drawing.

        Raises ``ValueError`` for a point outside the drawing frame.
        """
        x = validate.check_range("x_du", x_du, FRAME[0], FRAME[1], "drawing units")
        y = validate.check_range("y_du", y_du, FRAME[2], FRAME[3], "drawing units")
        for region in self.regions:
            if point_in_polygon(x, y, region.polygon):
                return region
        return None

    def technique_names(self, region: Region) -> tuple:
        """Display names of the techniques listed for a region."""
        return tuple(self.techniques[t].name for t in region.techniques)


def _polygons(table) -> dict:
    """shape_id -> (kind, vertices in order); the table's schema has checked the numbering,
    the kinds and the geometry (``helpers/schemas/regions.py``)."""
    shapes: dict = {}
    kinds: dict = {}
    for row in table:
        shapes.setdefault(row["shape_id"], []).append((row["vertex"], row["x_du"], row["y_du"]))
        kinds.setdefault(row["shape_id"], row["kind"])
    return {sid: (kinds[sid], np.array([[v[1], v[2]] for v in sorted(verts)], dtype=float))
            for sid, verts in shapes.items()}


def check_region_map(rmap: RegionMap) -> None:
    """Raise ``ValueError`` unless every polygon is simple with positive area, inside the
    frame, every anchor lies inside its own region and only there, and techniques resolve."""
    for region in rmap.regions:
        poly = region.polygon
        if not is_simple_polygon(poly):
            raise ValueError(f"region {region.region_id!r}: polygon crosses itself")
        if abs(polygon_area(poly)) <= 0:
            raise ValueError(f"region {region.region_id!r}: polygon has no area")
        if poly.min() < FRAME[0] or poly.max() > FRAME[1]:
            raise ValueError(f"region {region.region_id!r}: polygon leaves the drawing frame")
        if not point_in_polygon(*region.anchor, poly):
            raise ValueError(f"region {region.region_id!r}: anchor {region.anchor} is outside it")
        hit = rmap.region_at(*region.anchor)
        if hit is not region:
            raise ValueError(
                f"region {region.region_id!r}: its anchor also lies in {hit.region_id!r}"
            )
        for tid in region.techniques:
            if tid not in rmap.techniques:
                raise ValueError(f"region {region.region_id!r}: unknown technique {tid!r}")
    orders = [r.order for r in rmap.regions]
    if len(set(orders)) != len(orders):
        raise ValueError("regions.csv: two regions share the same order")


@lru_cache(maxsize=4)
def _load(data_dir, _stamp=None) -> RegionMap:
    kw = {"data_dir": data_dir}
    shapes = _polygons(load_table("region_polygons", **kw))
    techniques = {
        row["technique_id"]: Technique(
            row["technique_id"], row["name"], row["family"], row["glyph"], row["hand"],
            row["stroke"], row["evidence_level"], row["evidence"], tuple(row["sources"]),
        )
        for row in load_table("techniques", **kw)
    }
    regions = []
    for row in sorted(load_table("regions", **kw), key=lambda r: r["order"]):
        rid = row["region_id"]  # its polygon is there: the schema of regions.csv checks it
        regions.append(Region(
            rid, row["order"], row["label"], row["name"], row["view"], row["what_it_is"], row["why_it_matters"],
            tuple(t.strip() for t in row["techniques"].split(";") if t.strip()), row["pressure"],
            row["direction"], float(row["typical_min"]), row["cautions"], row["evidence_level"],
            row["evidence"], tuple(row["sources"]), (float(row["anchor_x"]), float(row["anchor_y"])),
            shapes[rid][1],
            tuple(w.strip() for w in (row.get("warnings") or "").split(";") if w.strip()),
        ))
    outlines = {sid: pts for sid, (kind, pts) in shapes.items() if kind == "outline"}
    rmap = RegionMap(tuple(regions), outlines, techniques)
    try:
        check_region_map(rmap)  # the schemas' rules already hold; kept as a guard
    except ValueError as exc:
        path = Path(data_dir) / "regions.csv"
        raise TableError(f"data/regions.csv, line 1 (header): {exc}", path, 1, "region_id") \
            from None
    return rmap


def load_region_map(data_dir=None) -> RegionMap:
    """Load and validate the regions, their polygons and the techniques from ``data/``.

    Raises ``ValueError`` naming the file and the problem when a table or polygon is invalid.
    """
    if data_dir is not None and not (isinstance(data_dir, (str, Path)) and Path(data_dir).is_dir()):
        raise ValueError(f"data_dir must be a folder holding the course's tables, or None for "
                         f"the course's own; got {data_dir!r:.60}")
    folder = str(data_dir) if data_dir is not None else str(data_folder())
    stamp = tuple(load_table(n, data_dir=folder).rows
                  for n in ("regions", "region_polygons", "techniques"))  # cached by the loader
    return _load(folder, tuple(id(rows) for rows in stamp))


def regions_table_text(rmap: RegionMap | None = None) -> str:
    """A plain-text table of the regions (knee to toes) with pressure, time and evidence.

    >>> print(regions_table_text().splitlines()[0])
     #  region                 pressure           min  evidence
    """
    rmap = rmap or load_region_map()
    lines = [f"{'#':>2}  {'region':<22} {'pressure':<18} {'min':>3}  evidence"]
    for r in rmap.regions:
        lines.append(
            f"{r.order:>2}  {r.label:<22} {r.pressure:<18} {r.typical_min:>3g}  "
            f"{EVIDENCE_TEXT[r.evidence_level].lower()}"
        )
    return "\n".join(lines)


# every public function answers bad input with a learner-facing ValueError
from helpers.validate import check_module_inputs  # noqa: E402

check_module_inputs(globals())
