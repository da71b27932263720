"""Schemas for lesson 02's data: the massage regions, their drawing polygons and the techniques.

``regions.csv`` holds one record per region of the map, from the knee (``order`` 1) to the toes;
``region_polygons.csv`` holds the outline of every shape in the drawing frame (drawing units,
``x_du``/``y_du``, 0 to 100, not to scale); ``techniques.csv`` describes each stroke and the
strength of the sources behind its description.
"""

from __future__ import annotations

from helpers.geometry import is_simple_polygon, point_in_polygon, polygon_area, segments_cross
from helpers.schemas.base import Column, Schema

PRESSURES = ("light", "light to moderate", "moderate", "moderate to firm", "firm")
REGION_EVIDENCE = ("trial", "indirect", "none")
TECHNIQUE_EVIDENCE = ("trial", "lab", "summary", "low", "convention")
GLYPHS = ("glide", "knead", "strip", "friction", "hold", "spread", "roll", "press", "circle")


REGION_WARNINGS = ("clot", "diabetes")


def _check_region(row):
    if not row["sources"]:
        return "column 'sources': a region needs at least one source key"
    for topic in (w.strip() for w in row["warnings"].split(";") if w.strip()):
        if topic not in REGION_WARNINGS:
            return (f"column 'warnings': {topic!r} is not a warning topic; "
                    f"use {', '.join(REGION_WARNINGS)} separated by ;")
    return None


def _check_technique(row):
    if row["evidence_level"] != "convention" and not row["sources"]:
        return "column 'sources': only a 'convention' technique may have no source"
    return None


def _outlines(rows) -> dict:
    """shape_id -> (kind, [(x, y), ...] in vertex order) from rows of region_polygons.csv."""
    shapes = {}
    for r in rows:
        shapes.setdefault(r["shape_id"], (r["kind"], {}))[1][r["vertex"]] = (r["x_du"], r["y_du"])
    return {sid: (kind, [pts[k] for k in sorted(pts)]) for sid, (kind, pts) in shapes.items()}


def _check_anchors(table, polygons):
    """Each region's anchor (the point a click or a label uses) lies inside its own outline and
    in no region that comes before it in ``order`` (a click finds the first region it hits)."""

    earlier = []
    orders = {}
    for row in sorted(table.rows, key=lambda r: r["order"]):
        if row["order"] in orders:
            return (row, "order", f"order {row['order']} is also given to region "
                    f"{orders[row['order']]!r}; give each region its own order")
        orders[row["order"]] = row["region_id"]
        anchor = (row["anchor_x"], row["anchor_y"])
        if not point_in_polygon(*anchor, polygons[row["region_id"]]):
            return (row, "anchor_x", f"the anchor ({anchor[0]:g}, {anchor[1]:g}) lies outside "
                    f"region {row['region_id']!r}'s outline in data/region_polygons.csv; move "
                    "it inside")
        for other in earlier:
            if point_in_polygon(*anchor, polygons[other["region_id"]]):
                return (row, "anchor_x", f"the anchor ({anchor[0]:g}, {anchor[1]:g}) also lies "
                        f"in region {other['region_id']!r}, which comes earlier; move it to a "
                        "part of the region no other region covers")
        earlier.append(row)
    return None


def _check_regions_table(table, load):
    """Rules across tables: each region's techniques and outline exist in their own tables, and
    its anchor lies in its own outline only."""
    techniques = {r["technique_id"] for r in load("techniques")}
    outlines = _outlines(load("region_polygons"))
    shapes = {sid: kind for sid, (kind, _) in outlines.items()}
    for row in table.rows:
        for tech in (t.strip() for t in row["techniques"].split(";") if t.strip()):
            if tech not in techniques:
                return (row, "techniques",
                        f"unknown technique {tech!r} (not a technique_id in data/techniques.csv)")
        if shapes.get(row["region_id"]) != "region":
            return (row, "region_id",
                    f"region {row['region_id']!r} has no polygon (shape of kind 'region') in "
                    "data/region_polygons.csv")
    known = {row["region_id"] for row in table.rows}
    for sid, kind in shapes.items():
        if kind == "region" and sid not in known:
            return (None, "region_id",
                    f"data/region_polygons.csv draws region {sid!r}, which has no row here; "
                    "add its row, or remove its shape")
    return _check_anchors(table, {sid: pts for sid, (_, pts) in outlines.items()})


def _check_polygons_table(table, load):
    """Rules across rows: a shape keeps one kind, its vertices are numbered 0, 1, 2, ... and it
    has at least three (the map's geometry checks then run on whole polygons)."""
    kinds, vertices, first = {}, {}, {}
    for row in table.rows:
        sid = row["shape_id"]
        first.setdefault(sid, row)
        if kinds.setdefault(sid, row["kind"]) != row["kind"]:
            return row, "kind", f"shape {sid!r} mixes kinds; give all its rows the same kind"
        numbers = vertices.setdefault(sid, [])
        if row["vertex"] in numbers:
            return row, "vertex", f"shape {sid!r} has vertex {row['vertex']} twice"
        numbers.append(row["vertex"])
    for sid, numbers in vertices.items():
        if sorted(numbers) != list(range(len(numbers))):
            return (first[sid], "vertex",
                    f"shape {sid!r}: vertices must be numbered 0 to {len(numbers) - 1} "
                    f"without gaps; got {sorted(numbers)}")
        if len(numbers) < 3:
            return first[sid], "vertex", f"shape {sid!r} needs at least 3 vertices"
    return _check_geometry(table)


def _check_geometry(table):
    """Each shape is a simple polygon (no edge crosses another, no vertex repeated) with area."""

    by_shape = {}
    for row in table.rows:
        by_shape.setdefault(row["shape_id"], {})[row["vertex"]] = row
    for sid, rows in by_shape.items():
        ordered = [rows[k] for k in sorted(rows)]
        points = [(r["x_du"], r["y_du"]) for r in ordered]
        if not is_simple_polygon(points):
            bad = _first_crossing(points)
            return (ordered[bad], "x_du",
                    f"shape {sid!r} crosses itself at vertex {ordered[bad]['vertex']} (or a "
                    "vertex is repeated); check the order and the values of its vertices")
        if abs(polygon_area(points)) <= 0:
            return ordered[0], "x_du", f"shape {sid!r} has no area; check its vertices"
    return None


def _first_crossing(points) -> int:
    """Index of a vertex where the outline breaks: a repeated vertex, or the start of the later
    of two edges that cross."""

    for k, p in enumerate(points):
        if p in points[:k]:
            return k
    n = len(points)
    edges = [(points[i], points[(i + 1) % n]) for i in range(n)]
    for j in range(n):
        for i in range(j):
            if j != i + 1 and not (i == 0 and j == n - 1) and segments_cross(*edges[i], *edges[j]):
                return j
    return 0


SCHEMAS = [
    Schema(
        "regions",
        (
            Column("region_id", "text"),
            Column("order", "integer", minimum=1, maximum=50),
            Column("label", "text"),
            Column("name", "text"),
            Column("view", "choice", choices=("leg", "sole")),
            Column("what_it_is", "text"),
            Column("why_it_matters", "text"),
            Column("techniques", "text"),
            Column("pressure", "choice", choices=PRESSURES),
            Column("direction", "text"),
            Column("typical_min", "number", minimum=0.5, maximum=15),
            Column("cautions", "text", required=False),
            Column("warnings", "text"),
            Column("evidence_level", "choice", choices=REGION_EVIDENCE),
            Column("evidence", "text"),
            Column("sources", "sources"),
            Column("anchor_x", "number", minimum=0, maximum=100),
            Column("anchor_y", "number", minimum=0, maximum=100),
        ),
        unique="region_id",
        description="Massage regions from the knee to the toes (lesson 02).",
        check=_check_region,
        check_table=_check_regions_table,
    ),
    Schema(
        "region_polygons",
        (
            Column("shape_id", "text"),
            Column("kind", "choice", choices=("region", "outline")),
            Column("vertex", "integer", minimum=0),
            Column("x_du", "number", minimum=0, maximum=100),
            Column("y_du", "number", minimum=0, maximum=100),
        ),
        description="Polygon vertices of the lesson 02 drawing, in drawing units (0-100).",
        check_table=_check_polygons_table,
    ),
    Schema(
        "techniques",
        (
            Column("technique_id", "text"),
            Column("name", "text"),
            Column("family", "choice", choices=("western", "tuina")),
            Column("glyph", "choice", choices=GLYPHS),
            Column("hand", "text"),
            Column("stroke", "text"),
            Column("evidence_level", "choice", choices=TECHNIQUE_EVIDENCE),
            Column("evidence", "text"),
            Column("sources", "sources", required=False),
        ),
        unique="technique_id",
        description="Massage techniques of lesson 02 and the strength of their sources.",
        check=_check_technique,
    ),
]
