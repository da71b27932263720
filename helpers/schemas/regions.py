"""Schemas for lesson 02's data: the massage regions, their drawing polygons and the techniques.

``regions.csv`` holds one record per region of the map, from the knee (``order`` 1) to the toes;
``region_polygons.csv`` holds the outline of every shape in the drawing frame (drawing units,
``x_du``/``y_du``, 0 to 100, not to scale); ``techniques.csv`` describes each stroke and the
strength of the sources behind its description.
"""

from __future__ import annotations

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


def _check_regions_table(table, load):
    """Rules across tables: each region's techniques and outline exist in their own tables."""
    techniques = {r["technique_id"] for r in load("techniques")}
    shapes = {}
    for r in load("region_polygons"):
        shapes.setdefault(r["shape_id"], r["kind"])
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
    return None


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
    return None


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
