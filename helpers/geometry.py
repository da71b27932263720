"""Plane geometry of the region map's outlines (pure numpy): area, simplicity and point-in-polygon.

The map's model (:mod:`helpers.models.regions`) and the rules of its data files
(:mod:`helpers.schemas.regions`) both use these, so they live below both.
"""

from __future__ import annotations

import numpy as np


def polygon_area(points) -> float:
    """Signed area of a polygon (shoelace formula); positive when counter-clockwise.

    >>> polygon_area([(0, 0), (2, 0), (2, 1), (0, 1)])
    2.0
    """
    p = np.asarray(points, dtype=float)
    x, y = p[:, 0], p[:, 1]
    return float(0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def segments_cross(p1, p2, p3, p4) -> bool:
    """True if segments p1-p2 and p3-p4 intersect (touching counts)."""

    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-12 else (1 if v > 0 else -1)

    def on_segment(a, b, c):
        return (min(a[0], b[0]) - 1e-12 <= c[0] <= max(a[0], b[0]) + 1e-12
                and min(a[1], b[1]) - 1e-12 <= c[1] <= max(a[1], b[1]) + 1e-12)

    o1, o2 = orient(p1, p2, p3), orient(p1, p2, p4)
    o3, o4 = orient(p3, p4, p1), orient(p3, p4, p2)
    if o1 != o2 and o3 != o4:
        return True
    return ((o1 == 0 and on_segment(p1, p2, p3)) or (o2 == 0 and on_segment(p1, p2, p4))
            or (o3 == 0 and on_segment(p3, p4, p1)) or (o4 == 0 and on_segment(p3, p4, p2)))


def is_simple_polygon(points) -> bool:
    """True if the closed polygon has at least 3 distinct vertices and no edges that cross
    or touch except neighbours at their shared vertex.

    >>> is_simple_polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    True
    >>> is_simple_polygon([(0, 0), (1, 1), (1, 0), (0, 1)])  # a bow tie
    False
    """
    p = [tuple(map(float, v)) for v in np.asarray(points, dtype=float)]
    n = len(p)
    if n < 3 or len(set(p)) != n:
        return False
    edges = [(p[i], p[(i + 1) % n]) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue  # neighbours share a vertex
            if segments_cross(*edges[i], *edges[j]):
                return False
    return True


def point_in_polygon(x, y, points) -> bool:
    """Ray-casting test: is the point (x, y) inside the closed polygon?

    Points exactly on an edge may fall either way; the map's anchor points sit well inside.

    >>> point_in_polygon(0.5, 0.5, [(0, 0), (1, 0), (1, 1), (0, 1)])
    True
    >>> point_in_polygon(1.5, 0.5, [(0, 0), (1, 0), (1, 1), (0, 1)])
    False
    """
    p = np.asarray(points, dtype=float)
    xi, yi = p[:, 0], p[:, 1]
    xj, yj = np.roll(xi, 1), np.roll(yi, 1)
    straddles = (yi > y) != (yj > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_cross = (xj - xi) * (y - yi) / (yj - yi) + xi
    crossings = np.count_nonzero(straddles & (x < x_cross))
    return bool(crossings % 2)
