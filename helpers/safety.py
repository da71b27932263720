"""Warnings from the data tables, rendered the same way wherever they apply.

Every warning a learner reads (warning signs, signs of a blood clot in the calf, the diabetes
advice, the massage cautions, the stop signs, and the cautions of a region) is a row in a table:

- ``data/red_flags.csv``: signs that call for a clinician before any massage;
- ``data/clot_signs.csv``: signs of a blood clot in a deep calf vein and what raises its risk;
- ``data/massage_cautions.csv``: conditions in which massage is avoided or needs advice first;
- ``data/safety_advice.csv``: one advice sentence per topic (``clot``, ``diabetes``, ...);
- ``data/regions.csv``: each region's own cautions and the topics (``warnings``) that apply to it;
- ``data/routine_steps.csv``: the regions each routine step works (``region_ids``).

:func:`notice` collects the warnings that apply to the regions, routine steps or topics a page
covers and returns a :class:`SafetyNotice` that renders as HTML (in a notebook), Markdown (a
saved plan) or plain text. A source read only in a summary or copy carries its status marker.
This module imports neither ipywidgets nor matplotlib.

>>> n = notice(regions=["soleus"])
>>> n.topics
('clot', 'diabetes', 'regions', 'stop')
>>> "[ ] One calf or leg is swollen and the other is not" in n.text()
True
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from helpers.sources import short_cite_marked, status_marker
from helpers.tables import load_table

__all__ = [
    "WarningItem", "WarningBlock", "SafetyNotice", "notice", "advice", "advice_text",
    "cites_marked", "region_topics", "step_topics", "TITLES",
]

#: the order blocks appear in when topics come from regions or steps (the clot check comes first)
DEFAULT_ORDER = ("red_flags", "clot", "diabetes", "cautions", "regions", "stop")

TITLES = {
    "red_flags": "Warning signs: see a clinician first",
    "clot": "Before any calf work: signs of a blood clot in a deep vein (deep vein thrombosis)",
    "diabetes": "Diabetes: a clinician's foot check first",
    "cautions": "When massage is avoided, or needs a clinician's advice first",
    "regions": "Cautions for these regions",
    "stop": "Stop signs while you work",
}

# short names for sources whose author is an organisation
def cites_marked(keys) -> str:
    """Short citations joined with semicolons, each with its status marker."""
    return "; ".join(short_cite_marked(k) for k in keys)


@dataclass(frozen=True)
class WarningItem:
    """One row a learner reads (and can tick, if ``tickable``): its text, sources and marker."""

    item_id: str
    text: str
    sources: tuple
    tickable: bool = True
    secondary: bool = False

    @property
    def marker(self) -> str:
        return "[secondary]" if self.secondary else ""


@dataclass(frozen=True)
class WarningBlock:
    """The warnings of one topic: a title, rows, and the advice sentence with its sources."""

    topic: str
    title: str
    items: tuple
    advice: str
    advice_sources: tuple


def _keys(value) -> tuple:
    if isinstance(value, str):
        return tuple(k.strip() for k in value.split(";") if k.strip())
    return tuple(value or ())


def _advice_row(topic: str) -> dict:
    rows = load_table("safety_advice").by("topic")
    if topic not in rows:
        raise ValueError(f"topic must be one of {', '.join(rows)}; got {topic!r}")
    return rows[topic]


def advice(topic: str) -> str:
    """The one advice sentence of a topic, from ``data/safety_advice.csv``.

    >>> advice("diabetes").startswith("If you have diabetes")
    True
    """
    return _advice_row(topic)["text"]


def advice_text(topic: str) -> str:
    """The advice sentence followed by its sources (with status markers), as plain text."""
    row = _advice_row(topic)
    return f"{row['text']} ({cites_marked(_keys(row['sources']))})"


def region_topics(region_ids) -> tuple:
    """The warning topics of the given regions (from the ``warnings`` column of regions.csv)."""
    from helpers.models.regions import load_region_map

    rmap = load_region_map()
    topics = []
    for rid in region_ids:
        for topic in rmap.get(rid).warnings:
            if topic not in topics:
                topics.append(topic)
    return tuple(topics)


def step_topics(steps) -> tuple:
    """The warning topics of routine steps (step ids or Step objects), through their regions."""
    return region_topics(_step_regions(steps))


def _step_regions(steps) -> tuple:
    from helpers.models.routine import load_steps

    by_id = {s.step_id: s for s in load_steps()}
    regions = []
    for step in steps:
        if isinstance(step, str):
            if step not in by_id:
                raise ValueError(f"steps must be among {', '.join(by_id)}; got {step!r}")
            step = by_id[step]
        for rid in step.region_ids:
            if rid not in regions:
                regions.append(rid)
    return tuple(regions)


def _block(topic: str, region_ids=()) -> WarningBlock:
    items = []
    if topic == "red_flags":
        for row in load_table("red_flags"):
            items.append(WarningItem(
                row["flag_id"], f"{row['sign']}: may point to {row['may_point_to'][0].lower()}"
                f"{row['may_point_to'][1:]}", _keys(row["sources"]), True, row["strength"] == "S"))
    elif topic == "clot":
        rows = sorted(load_table("clot_signs"), key=lambda r: r["kind"] != "sign")
        for row in rows:
            keys = _keys(row["sources"])
            sign = row["sign"]
            text = sign if row["kind"] == "sign" else f"Raises the risk: {sign[0].lower()}{sign[1:]}"
            items.append(WarningItem(row["sign_id"], text, keys, True,
                                     any(status_marker(k) for k in keys)))
    elif topic == "cautions":
        for row in load_table("massage_cautions"):
            items.append(WarningItem(
                row["caution_id"], f"{row['condition']} ({row['where']}): {row['advice']}",
                _keys(row["sources"]), True, row["strength"] == "S"))
    elif topic == "regions":
        from helpers.models.regions import load_region_map

        rmap = load_region_map()
        for rid in region_ids:
            region = rmap.get(rid)
            if region.cautions:
                items.append(WarningItem(rid, f"{region.label}: {region.cautions}", (), False))
        if not items:
            return None
        return WarningBlock(topic, TITLES[topic], tuple(items), "", ())
    row = _advice_row(topic)
    return WarningBlock(topic, TITLES[topic], tuple(items), row["text"], _keys(row["sources"]))


@dataclass(frozen=True)
class SafetyNotice:
    """The warnings that apply to a page, renderable as HTML, Markdown or plain text."""

    blocks: tuple

    @property
    def topics(self) -> tuple:
        return tuple(b.topic for b in self.blocks)

    def block(self, topic: str) -> WarningBlock:
        for b in self.blocks:
            if b.topic == topic:
                return b
        raise ValueError(f"this notice has no {topic!r} block; it has {', '.join(self.topics)}")

    # ---------------------------------------------------------------- renderers
    def text(self) -> str:
        """Plain text: a title line per block, ``[ ]`` before each row a reader can tick."""
        return _render(self, "text", 0)

    def markdown(self, level: int = 3) -> str:
        """Markdown with ``- [ ]`` task rows (a printed plan can be ticked by hand)."""
        return _render(self, "markdown", level)

    def html(self, level: int = 4) -> str:
        """An HTML fragment: one section per topic, check boxes before the rows to tick."""
        return _render(self, "html", level)

    def _text(self) -> str:
        out = []
        for b in self.blocks:
            out.append(b.title)
            for item in b.items:
                box = "[ ] " if item.tickable else ""
                marker = f" {item.marker}" if item.marker else ""
                out.append(f"  {box}{item.text}{marker}")
            if b.advice:
                out.append(f"  {b.advice} ({cites_marked(b.advice_sources)})")
        return "\n".join(out)

    def _markdown(self, level: int) -> str:
        hashes = "#" * level
        out = []
        for b in self.blocks:
            out += [f"{hashes} {b.title}", ""]
            for item in b.items:
                box = "[ ] " if item.tickable else ""
                marker = f" {item.marker}" if item.marker else ""
                out.append(f"- {box}{_md(item.text)}{marker}")
            if b.items:
                out.append("")
            if b.advice:
                out += [f"**{_md(b.advice)}** ({_md(cites_marked(b.advice_sources))})", ""]
        return "\n".join(out).rstrip() + "\n"

    def _html(self, level: int) -> str:
        e = html.escape
        parts = ["<div class='hp-safety' role='note'>"]
        for b in self.blocks:
            parts.append(f"<section class='hp-safety-{e(b.topic)}'><h{level}>{e(b.title)}</h{level}>")
            if b.items:
                parts.append("<ul>")
                for item in b.items:
                    box = "&#9744; " if item.tickable else ""
                    marker = f" <span class='hp-status'>{e(item.marker)}</span>" if item.marker else ""
                    parts.append(f"<li>{box}{e(item.text)}{marker}</li>")
                parts.append("</ul>")
            if b.advice:
                parts.append(f"<p><strong>{e(b.advice)}</strong> "
                             f"<small>({e(cites_marked(b.advice_sources))})</small></p>")
            parts.append("</section>")
        parts.append("</div>")
        return "".join(parts)

    def _repr_html_(self):
        return self.html()

    def __repr__(self):
        return self.text()


@lru_cache(maxsize=256)
def _render(n: SafetyNotice, fmt: str, level: int) -> str:
    if fmt == "text":
        return n._text()
    return n._markdown(level) if fmt == "markdown" else n._html(level)


def _md(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


_TABLES = ("red_flags", "clot_signs", "massage_cautions", "safety_advice", "regions",
           "routine_steps", "sources", "techniques", "region_polygons")


def _stamp() -> tuple:
    from helpers.tables import _cache_key, data_folder

    folder = data_folder()  # a teacher's edited copy, when one is in use
    return (str(folder),) + tuple(_cache_key(folder / f"{name}.csv") for name in _TABLES)


def notice(regions=(), steps=(), topics=()) -> SafetyNotice:
    """The warnings that apply to the regions, routine steps and topics a page covers.

    Parameters
    ----------
    regions : iterable of str
        Region ids of ``data/regions.csv``; their ``warnings`` topics and own cautions apply.
    steps : iterable of str or Step
        Routine steps; the warnings of the regions they work apply.
    topics : iterable of str
        Extra topics: ``red_flags``, ``clot``, ``diabetes``, ``cautions``, ``stop``.

    Returns
    -------
    SafetyNotice
        Blocks in a fixed order: red flags, clot check, diabetes, cautions, region cautions,
        stop signs. Any region or step adds the stop signs.

    Raises
    ------
    ValueError
        An unknown region, step or topic, or nothing asked for.

    Examples
    --------
    >>> notice(topics=["diabetes"]).topics
    ('diabetes',)
    >>> notice(steps=["heel_press"]).topics
    ('diabetes', 'regions', 'stop')
    """
    step_ids = tuple(s if isinstance(s, str) else s.step_id for s in steps)
    # a notice is rebuilt only when a table changes (the planner asks on every slider move)
    return _notice(tuple(regions), step_ids, tuple(topics), _stamp())


@lru_cache(maxsize=256)
def _notice(regions, steps, topics, _stamp) -> SafetyNotice:
    region_ids = list(dict.fromkeys(regions))
    region_ids += [r for r in _step_regions(steps) if r not in region_ids]
    wanted = list(dict.fromkeys(topics))
    for topic in wanted:
        if topic not in DEFAULT_ORDER or topic == "regions":
            raise ValueError(f"topics must be among red_flags, clot, diabetes, cautions, stop; "
                             f"got {topic!r}")
    if region_ids:
        wanted += [t for t in region_topics(region_ids) if t not in wanted]
        wanted += ["regions", "stop"]
    if not wanted:
        raise ValueError("notice() needs at least one region, step or topic")
    blocks = []
    for topic in DEFAULT_ORDER:
        if topic in wanted:
            block = _block(topic, region_ids)
            if block is not None:
                blocks.append(block)
    return SafetyNotice(tuple(blocks))


# ------------------------------------------------------------------ blocks in Markdown pages
_BLOCK = re.compile(
    r"(<!-- safety-notice: (?P<spec>[^>]*?) -->\n)(?P<body>.*?)(<!-- /safety-notice -->)", re.S)


def _spec_notice_markdown(spec: str) -> str:
    """Render ``topics=clot,red_flags`` (kept in the order given) or ``regions=...`` or
    ``steps=...`` as Markdown with level-4 headings."""
    parts = []
    for item in spec.split():
        name, _, value = item.partition("=")
        values = [v for v in value.split(",") if v]
        if name == "topics":
            parts += [notice(topics=[t]).markdown(level=4) for t in values]
        elif name in ("regions", "steps"):
            parts.append(notice(**{name: values}).markdown(level=4))
        else:
            raise ValueError(f"a safety-notice block takes topics=, regions= or steps=; got {item!r}")
    return "\n".join(p.rstrip() + "\n" for p in parts)


def fill_markdown_blocks(text: str) -> str:
    """Re-render every ``<!-- safety-notice: ... -->`` block of a Markdown page (such as the
    teacher's guide) from the tables, so the page shows the same rows as the lessons.

    >>> page = "<!-- safety-notice: topics=diabetes -->\\nold\\n<!-- /safety-notice -->"
    >>> "If you have diabetes" in fill_markdown_blocks(page)
    True
    """
    def swap(m):
        return m.group(1) + "\n" + _spec_notice_markdown(m.group("spec")) + "\n" + m.group(4)

    return _BLOCK.sub(swap, text)
