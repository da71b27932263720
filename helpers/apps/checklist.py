"""The therapist checklist: tick questions, reveal the guidance, save a printable list.

Every control is an ordinary ipywidget, so the whole app works from the keyboard: Tab moves
between controls, Space ticks a box or presses a button. Saving goes through
:func:`helpers.files.atomic_write_text` (whole file or nothing, never a silent overwrite); a
problem (file exists, folder missing, no permission) is reported in ``app.status`` as a sentence,
never as a traceback.
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets

from helpers import files
from helpers.appbase import App
from helpers.models import checklist as model
from helpers.style import PALETTE

DEFAULT_PATH = "my-therapist-questions.md"

_STATUS_WORDS = {"V": "verified", "S": "read in a summary"}


def citation_texts(questions) -> dict:
    """Short citations with their status for every source the questions use:
    ``{'hicks2019': 'Hicks & Selvin 2019, verified'}``; sources read only in a summary say so."""
    from helpers.sources import short_cite, source, status_marker

    out = {}
    for key in model.source_keys(questions):
        status = _STATUS_WORDS.get(source(key)["status"], "")
        text = short_cite(key)
        out[key] = f"{text}, {status}" if status else text
        marker = status_marker(key)
        if marker:
            out[key] = f"{out[key]} {marker}"
    return out


def save_checklist(path, question_ids, *, overwrite: bool = False, questions=None):
    """Save the chosen questions to ``path`` (``.md`` or ``.html``) and return the written Path.

    Raises ``ValueError`` (nothing chosen, unknown id, bad file ending), ``FileExistsError``
    (the file exists and ``overwrite`` is False), ``FileNotFoundError`` (no such folder) or
    ``PermissionError``; nothing is written when it raises.
    """
    questions = model.load_questions() if questions is None else tuple(questions)
    fmt = model.export_format(path)
    chosen = model.select(questions, question_ids)
    text = model.render(chosen, fmt, citation_texts(chosen))
    return files.atomic_write_text(path, text, overwrite=overwrite)


def describe_save_error(exc: BaseException, path: str) -> str:
    """A message for a learner from a failed save (no traceback, no machine path added)."""
    return files.describe_save_error(
        exc, path, example=DEFAULT_PATH,
        replace_hint="Tick 'Replace an existing file' to overwrite it, or type another name")


class ChecklistApp(App):
    """One checkbox per question, a button that reveals its guidance, and a Save panel.

    Attributes a test (or a curious learner) can drive: ``checkboxes`` and ``guide_buttons``
    (dicts by question id), ``format_dropdown``, ``path_text``, ``overwrite_checkbox``,
    ``save_button``, ``tick_all_button``, ``clear_button``; readouts ``readout`` and ``status``;
    ``result`` is the tuple of ticked questions.
    """

    def __init__(self, questions=None, path: str = DEFAULT_PATH):
        self.questions = model.load_questions() if questions is None else tuple(questions)
        if not self.questions:
            raise ValueError("the checklist needs at least one question")
        self.citations = citation_texts(self.questions)
        self.checkboxes, self.guide_buttons, self.guide_panels = {}, {}, {}
        rows = []
        for n, q in enumerate(self.questions, start=1):
            box = widgets.Checkbox(
                value=False, description=f"Add question {n} to my list", indent=False,
                tooltip=q.question, style=App.STYLE,
                layout=widgets.Layout(width="auto"),
            )
            prompt = widgets.HTML(f"<p class='hp-question'><strong>{n}. "
                                  f"{html.escape(q.question)}</strong></p>")
            button = widgets.ToggleButton(
                value=False, description="Show guide", icon="chevron-down",
                tooltip=f"Show what a good answer to question {n} sounds like, and the warning "
                        "signs",
                style=App.STYLE,
            )
            panel = widgets.HTML(
                f"<div class='hp-guide' style='border-left:3px solid {PALETTE['blue']};"
                f"padding-left:0.6em;margin-left:1.2em'>{model.guide_html(q, self.citations)}"
                "</div>",
                layout=widgets.Layout(display="none"))
            self.observe(box)
            button.observe(lambda change, qid=q.question_id: self._on_guide(qid, change["new"]),
                           names="value")
            self.checkboxes[q.question_id] = box
            self.guide_buttons[q.question_id] = button
            self.guide_panels[q.question_id] = panel
            rows.append(widgets.VBox([prompt, widgets.HBox([box, button]), panel],
                                     layout=widgets.Layout(margin="0 0 0.6em 0")))

        self.tick_all_button = widgets.Button(description="Tick all", icon="check-square",
                                              tooltip="Tick every question")
        self.clear_button = widgets.Button(description="Untick all", icon="square",
                                           tooltip="Untick every question")
        self.tick_all_button.on_click(lambda _b: self.tick([q.question_id for q in self.questions]))
        self.clear_button.on_click(lambda _b: self.tick([]))
        self.readout = widgets.HTML()

        self.format_dropdown = widgets.Dropdown(
            options=[("Markdown text (.md)", "markdown"), ("Printable web page (.html)", "html")],
            value=model.export_format(path), description="Format",
            style=App.STYLE,
        )
        self.path_text = widgets.Text(
            value=path, description="Save as (file name or path)", continuous_update=True,
            placeholder=DEFAULT_PATH, style=App.STYLE,
            layout=widgets.Layout(width="32em"),
        )
        self.overwrite_checkbox = widgets.Checkbox(
            value=False, description="Replace an existing file", indent=False,
            style=App.STYLE,
        )
        self.save_button = widgets.Button(description="Save my list", icon="save",
                                          button_style="primary",
                                          tooltip="Save the ticked questions to the file named above")
        self.status = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.format_dropdown.observe(self._on_format, names="value")
        self.save_button.on_click(lambda _b: self.save())

        save_panel = widgets.VBox([
            widgets.HTML("<p><strong>Save your list</strong> (nothing is saved until you press "
                         "the button)</p>"),
            self.format_dropdown, self.path_text, self.overwrite_checkbox, self.save_button,
            self.status,
        ])
        self.widget = widgets.VBox([
            *rows,
            widgets.HBox([self.tick_all_button, self.clear_button]),
            self.readout,
            save_panel,
        ])
        self.result = ()
        self._set_status("Nothing saved yet.")
        self.step()
        self.finish("checklist")

    # --- selection -------------------------------------------------------------------
    def selected_ids(self) -> list:
        """Ids of the ticked questions, in checklist order."""
        return [q.question_id for q in self.questions if self.checkboxes[q.question_id].value]

    def tick(self, ids) -> None:
        """Tick exactly the questions in ``ids`` (what a learner does with the checkboxes)."""
        wanted = {q.question_id for q in model.select(self.questions, ids)}
        for qid, box in self.checkboxes.items():
            box.value = qid in wanted
        self.step()

    def update(self) -> bool:
        self.result = model.select(self.questions, self.selected_ids())
        return False  # no figure: only the readout changes

    def readout_html(self) -> str:
        return f"<p role='status'>{html.escape(self.readout_text())}</p>"

    def readout_text(self) -> str:
        n, total = len(self.result), len(self.questions)
        if n == 0:
            return f"0 of {total} questions ticked. Tick the ones you want to ask."
        return f"{n} of {total} questions ticked."

    # --- guidance --------------------------------------------------------------------
    def _on_guide(self, qid, shown):
        self.guide_panels[qid].layout.display = None if shown else "none"
        button = self.guide_buttons[qid]
        button.description = "Hide guide" if shown else "Show guide"
        button.icon = "chevron-up" if shown else "chevron-down"

    def guide_shown(self, qid) -> bool:
        """Whether the guidance for question ``qid`` is visible."""
        return self.guide_panels[qid].layout.display != "none"

    # --- saving ----------------------------------------------------------------------
    def _on_format(self, change):
        self.path_text.value = model.with_format(self.path_text.value, change["new"])

    def _set_status(self, text: str, ok: bool | None = None):
        mark = {True: "✔ ", False: "✘ ", None: ""}[ok]
        self.status.value = (f"<p class='hp-feedback' role='status' aria-live='polite'>"
                             f"{mark}{html.escape(text)}</p>")

    def status_text(self) -> str:
        """The status line as plain text."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.status.value)).lstrip("✔✘ ").strip()

    def save(self):
        """Save the ticked questions; return the written Path, or None (status says why)."""
        path = self.path_text.value.strip()
        try:
            if not self.result:
                raise ValueError("no question is ticked; tick at least one question first")
            written = save_checklist(path, self.selected_ids(),
                                     overwrite=self.overwrite_checkbox.value,
                                     questions=self.questions)
        except (OSError, ValueError) as exc:
            self._set_status(describe_save_error(exc, path), ok=False)
            return None
        fmt = "Markdown" if model.export_format(path) == "markdown" else "a printable web page"
        n = len(self.result)
        noun = "question" if n == 1 else "questions"
        self._set_status(f"Saved {n} {noun} to {path} as {fmt}.", ok=True)
        return written
