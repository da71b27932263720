"""Keyboard and screen-reader fixes for the widgets, applied in the browser.

Two problems in the third-party front ends, found by the browser test (axe-core and tabbing):

1. ipympl 0.10 makes every figure's canvas focusable and swallows every key pressed on it,
   Tab included, so a keyboard user who tabs into a figure cannot leave it (a keyboard trap,
   WCAG 2.1.2). Our figures take no keyboard input, so the canvas is taken out of the tab
   order and given ``role="img"`` with the figure's caption as its accessible name.
2. ipywidgets 8 slider handles (``role="slider"``) have no accessible name (WCAG 4.1.2). Each
   handle is given its slider's description as ``aria-label``.

The fix is a tiny invisible widget (anywidget, so its script ships inside the package and works
offline) that every app includes; its script watches the page and patches matching elements.
"""

from __future__ import annotations

ESM = r"""
function fix(root) {
  for (const handle of root.querySelectorAll('.widget-slider .noUi-handle:not([aria-label])')) {
    const box = handle.closest('.widget-slider');
    const label = box && box.querySelector('.widget-label');
    const text = label ? label.textContent.trim() : '';
    if (text) handle.setAttribute('aria-label', text);
  }
  for (const app of root.querySelectorAll('.hp-app')) {
    const caption = app.querySelector('.hp-caption');
    for (const canvas of app.querySelectorAll('.jupyter-matplotlib-canvas-div[tabindex="0"]')) {
      canvas.setAttribute('tabindex', '-1');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', caption ? caption.textContent.trim() : 'figure');
    }
  }
}
function start() {
  if (window.__hpA11y) return;
  window.__hpA11y = new MutationObserver(() => fix(document));
  window.__hpA11y.observe(document.body, {childList: true, subtree: true, attributes: true,
                                          attributeFilter: ['tabindex']});
  fix(document);
}
export default {
  render({ el }) {
    el.style.display = 'none';
    el.setAttribute('aria-hidden', 'true');
    start();
  }
};
"""


def a11y_widget():
    """An invisible widget whose script makes the course's widgets keyboard and reader friendly."""
    import anywidget

    class A11yFix(anywidget.AnyWidget):
        _esm = ESM

    widget = A11yFix()
    widget.layout.display = "none"
    return widget
