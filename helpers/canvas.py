"""What a figure costs the kernel per update, made smaller: the one place where the course changes
how the plotting libraries draw a figure's text and send the figure to the browser.

**Text.** A slider step redraws the labels that move (a force in newtons, a temperature), and
most of that time goes into matplotlib laying out each string (twice for a new one: to measure
it and to draw it) and having FreeType render every glyph again. :func:`cache_text` gives a
figure's renderer a memory of both: the glyphs of a string, laid out once and used for its
measure and its drawing, and each glyph's bitmap, rendered once per font, size, resolution, angle
and position *within a pixel* (FreeType places a glyph at 1/64 pixel; only a whole-pixel shift
is left to vary, and shifting a bitmap by whole pixels is exact). The bitmaps are drawn onto
the canvas exactly as matplotlib draws them, so every pixel is the same;
``tests/test_text_memory.py`` compares each app's figures drawn with and without the memory.

**Sending.**

After every redraw, ipympl (through matplotlib's WebAgg core) compares the new picture with the
last one, keeps the changed pixels (a *diff* image: unchanged pixels fully transparent), and
encodes that whole figure-sized image as PNG with Pillow's default settings; without a browser
attached it also encodes the full picture a second time for the stored ``_data_url``. At
device-pixel-ratio 2 that encoding is most of a slider step.

:func:`tune` gives one canvas a cheaper way to make the *same* image, decoded pixel for pixel:

- the PNG is written here with zlib at level 1 and the run-length strategy (``Z_RLE``), each
  row with PNG's *Sub* filter (a row of one colour becomes zeros, which run-length coding packs
  well); Pillow's default is level 6 and a costlier search;
- only the rows between the first and the last changed row are filtered and compressed; the
  rows above and below are fully transparent in a diff image, and their compressed form is
  kept (per width, in blocks of 1, 2, 4, ... rows) and reused, so an unchanged row costs
  nothing to encode; where few pixels changed, the changed rows are left unfiltered and only the
  stretches around changed pixels are compressed, and where many did (a panel repainted), the
  changed rows are filtered and compressed whole;
- a diff image ends at the last changed row and the last changed column, so the browser
  decodes and composites only that corner of the figure (at device-pixel-ratio 2 the median
  control's image covers 61 % of its figure: 8 % for the pain log, 99 % for the claim checker).
  It still starts at the top-left corner: ipympl's browser code
  draws every image with ``drawImage(image, 0, 0)`` and, while the kernel is connected, never
  reads the image's size, so an image cut at the top or left would land in the wrong place but
  one cut at the bottom or right lands where the full one would. Full images keep the figure's
  size;
- only the changed rows are compared for transparency (the rest is the last image, already
  checked) and copied into the kept last image;
- without a browser (notebooks run headless), the stored data URL reuses the PNG just made when
  it is a full image, and otherwise is made by the same cheaper encoder.

Everything else (when a full image is sent, the image mode messages, the data URL's form) is
ipympl's own behaviour. ``tests/test_canvas.py`` checks the decoded pixels against ipympl's own
encoder and a full redraw, and fails if the library code these functions stand in for changes.
"""

from __future__ import annotations

import math
import os
import sys
import types
import unicodedata
import zlib
from base64 import b64encode

import numpy as np

#: The library code :func:`tune` stands in for (or relies on), with the versions and the SHA-256
#: of the source it was checked against; ``tests/test_canvas.py`` fails when any of them change.
CHECKED_AGAINST = {
    "versions": {"matplotlib": "3.11.2", "ipympl": "0.10.0", "pillow": "13.0.0"},
    "sources": {
        "matplotlib.backends.backend_agg:RendererAgg.draw_text":
            "a08e437e92594360d8780f19d5fec59b6a49a2fa4898d4d79e3914d169ee1f72",
        "matplotlib.backends.backend_agg:RendererAgg._draw_text_glyphs_and_boxes":
            "ccc4749c9809539465c335a8e206cf42043d8e98199a2909cde208f6b463cab8",
        "matplotlib.backends.backend_agg:RendererAgg.get_text_width_height_descent":
            "11069bc9bdc25311bc45530a9fb96914c34a0652f834ba6317d5eb4fdea45779",
        "matplotlib.backends.backend_agg:RendererAgg._prepare_font":
            "0d1177abbed013cc9d2c2cb25cfb55ef2638f26a311bed064dd6974f0e522ccc",
        "matplotlib.backends.backend_agg:FigureCanvasAgg.get_renderer":
            "c281ee565840ac363305dfc9d8c0bda4fec290a59f35e03768b7fdf9b07413cf",
        "matplotlib.backends.backend_webagg_core:FigureCanvasWebAggCore.get_diff_image":
            "f3e5c874e24f9d0331af79387c4c4802031854084516c4e88fbdd4fe39cc2abd",
        "ipympl.backend_nbagg:Canvas.send_binary":
            "7dd02a4d3cdaa02e0e2f1e027708a9564ad81cbc10ee96ded9b474661e5aa985",
        "matplotlib.backends.backend_webagg_core:FigureManagerWebAgg.refresh_all":
            "6f09529fd5f41895d00c9952f677ea2ccd662cb6adad24028e3fb4d57ae3a139",
        "matplotlib.backends.backend_webagg_core:FigureCanvasWebAggCore.handle_refresh":
            "37264068b5fb6e170b81c5d0847e39cf61b60cfa7e6a3b7ec666abdfa8a5d304",
    },
    # the browser draws every image at the canvas's top-left corner, whatever its size
    "browser_draw_call": "this.offscreen_context.drawImage(this.image,0,0)",
    # ... and reads the image's size only in the branch for a disconnected kernel, before it
    "browser_size_read_when": "if(this.disabled)return",
}

#: Switch for side-by-side measurements: False leaves new canvases as ipympl ships them
#: (``bench/step_cost.py`` sets it; a kernel started with ``HP_CANVAS_TUNE=0`` starts with False,
#: which ``bench/browser_latency.py --canvas shipped,tuned`` uses).
ENABLED = os.environ.get("HP_CANVAS_TUNE", "1") != "0"

#: The same switch for the text memory (``HP_TEXT_CACHE=0`` starts a kernel without it).
TEXT_CACHE = os.environ.get("HP_TEXT_CACHE", "1") != "0"

#: And for ending diff images at their last changed row and column (``HP_CANVAS_CROP=0`` sends
#: them figure-sized, as before; ``bench/browser_latency.py --canvas uncropped`` uses it).
CROP = os.environ.get("HP_CANVAS_CROP", "1") != "0"

LEVEL = 1  # zlib level: 1 is the fastest that still compresses
STRATEGY = zlib.Z_RLE

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ADLER_MOD = 65521
_LITTLE = sys.byteorder == "little"
_OPAQUE = np.uint32(0xFF000000)  # alpha is the high byte of an RGBA pixel read as uint32 (little-endian)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def _deflate(raw, final: bool = False) -> bytes:
    """Raw deflate of ``raw``, ending on a byte boundary (sync flush) so pieces can follow."""
    comp = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 9, STRATEGY)
    return comp.compress(raw) + comp.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH)


_FINAL_EMPTY_BLOCK = b"\x03\x00"  # a final, empty deflate block (fixed Huffman codes)
_ZERO_PIECES: dict[int, bytes] = {}  # n -> deflated n zero bytes, for n = 1, 2, 4, 8, ...

#: A run of unchanged (zero) bytes at least this long is not compressed but taken from the cache
#: of compressed zeros; shorter runs cost less to compress than to splice. At 4 KiB rather than
#: 16 KiB, images at device-pixel-ratio 2 took 25-45 % less CPU to make (truss 7.5 -> 4.5 ms,
#: strength plan 13.5 -> 8.1 ms) and 1.1-2.2 times the bytes (30-110 kB an image), which the
#: server relays by copying and the browser inflates into the same pixels.
GAP = 4096

#: A diff image whose changed pixels are at least this share of its block (the rows from the
#: first to the last changed one) is compressed in one go, each row with the *Sub* filter, and not
#: in stretches: a dropdown that repaints a panel changes 10-30 % of the picture, so most runs of
#: unchanged bytes are shorter than :data:`GAP` and splicing saves little, while the filter turns
#: a repainted area of one colour into zeros. Across every control of the course at
#: device-pixel-ratio 2 (303 images), a 0.1 share took 6 % less CPU to encode than stretches
#: only, in 11 % fewer bytes; the claim checker's images took 25-49 % less. Below about 0.08 the
#: stretches cost less.
DENSE = 0.1


def _zero_bytes(count: int) -> list[bytes]:
    """Deflated pieces for ``count`` zero bytes, from a cache of 1, 2, 4, ... zero bytes."""
    joined = _ZERO_RUNS.get(count)
    if joined is not None:
        return [joined]
    if len(_ZERO_RUNS) >= 4096:
        _ZERO_RUNS.clear()
    joined = _ZERO_RUNS[count] = b"".join(_zero_pieces(count))
    return [joined]


_ZERO_RUNS: dict[int, bytes] = {}  # count -> deflated zero bytes (the pieces joined)


def _zero_pieces(count: int) -> list[bytes]:
    pieces, size = [], 1
    while count:
        if count & 1:
            piece = _ZERO_PIECES.get(size)
            if piece is None:
                piece = _ZERO_PIECES[size] = _deflate(bytes(size))
            pieces.append(piece)
        count >>= 1
        size <<= 1
    return pieces


def _adler_after_zeros(adler: int, count: int) -> int:
    """Adler-32 of the data so far followed by ``count`` zero bytes."""
    a, b = adler & 0xFFFF, adler >> 16
    return ((b + count * a) % _ADLER_MOD) << 16 | a


def _png(width: int, height: int, pieces: list[bytes], adler: int) -> bytes:
    """A PNG file (8-bit RGBA) around deflated image data ``pieces`` whose Adler-32 is ``adler``."""
    stream = b"\x78\x01" + b"".join(pieces) + _FINAL_EMPTY_BLOCK + adler.to_bytes(4, "big")
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((8, 6, 0, 0, 0))
    return _PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", stream) + _chunk(b"IEND", b"")


def _filtered(rows: np.ndarray) -> np.ndarray:
    """PNG rows (h, w, 4) with filter *Sub* (type 1): each byte minus the byte 4 to its left."""
    h, w, _ = rows.shape
    flat = rows.reshape(h, w * 4)
    out = np.empty((h, w * 4 + 1), np.uint8)
    out[:, 0] = 1
    out[:, 1:5] = flat[:, :4]
    np.subtract(flat[:, 4:], flat[:, :-4], out=out[:, 5:])
    return out


def encode_png(rgba: np.ndarray) -> bytes:
    """PNG of an RGBA image (h, w, 4) uint8, decoding to exactly ``rgba``: each row with the *Sub*
    filter (a run of one colour becomes zeros), all of it compressed in one go."""
    h, w, _ = rgba.shape
    raw = _filtered(rgba)
    return _png(w, h, [_deflate(raw)], zlib.adler32(raw))


def encode_rows(width: int, height: int, block: np.ndarray, first: int = 0, nonzero=None) -> bytes:
    """PNG of a ``width`` x ``height`` RGBA image that is all zero (transparent) but for ``block``
    (rows, width, 4, uint8), whose first row is row ``first``: a diff image.

    A block with few changed pixels (under a :data:`DENSE` share) is written unfiltered, so the
    image data is zero wherever a pixel is; only the stretches around non-zero pixels are
    compressed, and every run of at least :data:`GAP` zero bytes (the rows above and below the
    block, and the unchanged parts of its rows) is spliced in from a cache of compressed zeros.
    A denser block is filtered (*Sub*) and compressed whole, between the spliced rows above and
    below it. ``nonzero``: the flat indices of the block's non-zero pixels, if known.

    Splicing is exact because the run-length strategy (``Z_RLE``) only ever refers back one byte
    (zlib's documented behaviour): each compressed stretch ends on a zero byte, and the byte
    before the next stretch, the last of a zero run, is zero too.
    """
    stop = first + block.shape[0]
    if not (0 <= first <= stop <= height) or block.shape[1:] != (width, 4):
        raise ValueError(f"block of shape {block.shape} at row {first} does not fit a "
                         f"{width} x {height} RGBA image")
    row_bytes = width * 4 + 1
    total = height * row_bytes
    pixels = np.ascontiguousarray(block).view(np.uint32).reshape(block.shape[:2])
    nonzero = np.flatnonzero(pixels) if nonzero is None else nonzero
    if not nonzero.size:
        return _png(width, height, _zero_bytes(total), _adler_after_zeros(1, total))
    if nonzero.size >= DENSE * pixels.size:
        # the block's rows filtered and compressed by a fresh compressor, which refers to
        # nothing before them; the transparent rows above and below spliced from the cache
        data = _filtered(block).reshape(-1)
        before, after = first * row_bytes, total - stop * row_bytes
        adler = zlib.adler32(data, _adler_after_zeros(1, before))
        return _png(width, height, _zero_bytes(before) + [_deflate(data)] + _zero_bytes(after),
                    _adler_after_zeros(adler, after))
    # byte offset of each non-zero pixel in the image data (one filter byte opens each row)
    rows, cols = np.divmod(nonzero, width)
    offsets = (rows + first) * row_bytes + 1 + cols * 4
    breaks = np.flatnonzero(np.diff(offsets) > GAP + 4)
    starts = np.concatenate(([offsets[0]], offsets[breaks + 1]))
    ends = np.concatenate((offsets[breaks] + 4, [offsets[-1] + 4]))
    # the image data of the block's rows, unfiltered (filter byte 0)
    raw = np.zeros((block.shape[0], row_bytes), np.uint8)
    raw[:, 1:] = block.reshape(block.shape[0], width * 4)
    flat = memoryview(raw.reshape(-1))
    base = first * row_bytes
    comp = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 9, STRATEGY)
    pieces, adler, at = [], 1, 0
    # each stretch ends on one zero byte (or at the block's end): see the note above
    stretch_ends = np.minimum(ends + 1, stop * row_bytes)
    for start, end in zip(starts.tolist(), stretch_ends.tolist(), strict=True):
        pieces += _zero_bytes(start - at)
        adler = _adler_after_zeros(adler, start - at)
        data = flat[start - base:end - base]
        pieces.append(comp.compress(data))
        pieces.append(comp.flush(zlib.Z_SYNC_FLUSH))
        adler = zlib.adler32(data, adler)
        at = end
    pieces += _zero_bytes(total - at)
    adler = _adler_after_zeros(adler, total - at)
    return _png(width, height, pieces, adler)


def _changed_rows(buff: np.ndarray, last: np.ndarray) -> tuple[int, int]:
    """First changed row and one past the last (0, 0 when nothing changed)."""
    rows = np.flatnonzero((buff != last).any(axis=1))
    if not rows.size:
        return 0, 0
    return int(rows[0]), int(rows[-1]) + 1


def get_diff_image(self):
    """The PNG the browser is sent after a redraw, as ipympl makes it, encoded cheaper.

    Same decisions as ``FigureCanvasWebAggCore.get_diff_image``: a full image after a refresh,
    a size change, or when any pixel is not opaque; otherwise a diff image, where unchanged
    pixels are fully transparent.
    """
    if not self._png_is_old:
        return None
    pixels = np.asarray(self.get_renderer().buffer_rgba())
    buff = pixels.view(np.uint32).squeeze(2)
    last = self._last_buff
    height, width = buff.shape
    if self._force_full or buff.shape != last.shape:
        first, stop, opaque = 0, height, not (buff < _OPAQUE).any()
    else:
        first, stop = _changed_rows(buff, last)
        if getattr(self, "_hp_last_opaque", False):
            # the rest equals the last image, already found opaque: check the changed rows
            opaque = not (buff[first:stop] < _OPAQUE).any()
        else:
            opaque = not (buff < _OPAQUE).any()
    if self._force_full or buff.shape != last.shape or not opaque:
        self.set_image_mode("full")
        png = encode_png(pixels)
        self._last_buff = buff.copy()
    else:
        self.set_image_mode("diff")
        block = buff[first:stop]
        mask = block != last[first:stop]
        # the image ends at the last changed row and column (at least one pixel)
        if CROP:
            columns = np.flatnonzero(mask.any(axis=0))
            right, bottom = (int(columns[-1]) + 1 if columns.size else 1), max(stop, 1)
        else:
            right, bottom = width, height
        mask_in = mask[:, :right]
        changed = np.where(mask_in, block[:, :right], 0)
        png = encode_rows(right, bottom, changed.view(np.uint8).reshape(*changed.shape, 4),
                          first, np.flatnonzero(mask_in))
        last[first:stop] = block  # the kept last image, updated where it changed
    self._hp_last_opaque = opaque
    self._hp_last_png = (png, self._current_image_mode)
    self._force_full = False
    self._png_is_old = False
    return png


def send_binary(self, data):
    """ipympl's ``Canvas.send_binary``: send the image; without a browser attached, also keep
    the full picture as the stored data URL, reusing the PNG just made when it is a full image."""
    if self.syncing_data_url:
        png, mode = getattr(self, "_hp_last_png", (None, None))
        if png is not data or mode != "full":
            rgba = self._last_buff.view(dtype=np.uint8).reshape((*self._last_buff.shape, 4))
            png = encode_png(rgba)
        self._data_url = b64encode(png).decode("utf-8")
    self.send({"data": '{"type": "binary"}'}, buffers=[data])


def is_tunable(canvas) -> bool:
    """An ipympl canvas of the library versions this module was checked against."""
    try:
        from ipympl.backend_nbagg import Canvas
    except ImportError:  # pragma: no cover - ipympl is a dependency
        return False
    return _LITTLE and isinstance(canvas, Canvas)


def tune(fig) -> bool:
    """Give ``fig``'s ipympl canvas the cheaper image encoding; other canvases are left alone.

    Returns whether the canvas was tuned. The pictures the browser shows do not change.
    """
    canvas = fig.canvas
    if not ENABLED or not is_tunable(canvas) or getattr(canvas, "_hp_tuned", False):
        return False
    canvas.get_diff_image = types.MethodType(get_diff_image, canvas)
    canvas.send_binary = types.MethodType(send_binary, canvas)
    canvas._hp_tuned = True
    return True


# ------------------------------------------------------------------------------------------ text
#: Most bytes of glyph bitmaps kept (all figures of a kernel share them); the memory is emptied
#: when it would grow past this. Every app of the course, each control stepped 60 times at
#: device-pixel-ratio 2, kept 2.3 MB of bitmaps (16,257 glyphs) and 2,280 strings.
GLYPH_BYTES = 16 * 2**20
#: Most laid-out strings kept.
LAYOUTS = 4096

_layouts: dict = {}
_boxes: dict = {}  # (font, size, dpi, glyph index, hinting) -> advance, bottom, top (26.6)
_glyphs: dict = {}
_glyph_bytes = 0
_rotations: dict = {}


def _rotation(angle: float):
    """cos, sin and FreeType's 16.16 fixed-point matrix of a rotation by ``angle`` degrees, as
    ``RendererAgg._draw_text_glyphs_and_boxes`` computes them (no slant, no stretch)."""
    found = _rotations.get(angle)
    if found is None:
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[1, 0], [0, 1]]).round().astype(int)
        found = _rotations[angle] = (cos, sin, matrix)
    return found


def _laid_out(renderer, s, prop, flags, features=None, language=None) -> list:
    """The glyphs of ``s`` as ``font._layout`` places them: (font, glyph index, x, y) each,
    remembered per font, size, resolution, string, hinting, features and language."""
    from matplotlib.backends.backend_agg import _fontManager, get_font

    font = get_font(_fontManager._find_fonts_by_props(prop))
    key = (font, prop.get_size_in_points(), renderer.dpi, s, flags,
           None if features is None else tuple(features), language)
    items = _layouts.get(key)
    if items is None:
        font = renderer._prepare_font(prop)
        if len(_layouts) >= LAYOUTS:
            _layouts.clear()
        items = _layouts[key] = [(item.ft_object, item.glyph_index, item.x, item.y)
                                 for item in font._layout(s, flags=flags, features=features,
                                                          language=language)]
    return items


def _plain(s: str) -> bool:
    """Only letters, digits, punctuation, symbols and plain spaces: characters the shaper gives
    their glyph's own advance (it gives none to soft hyphens, zero-width and joining characters
    and combining marks, and may make up the width of other spaces). Printable ASCII is all of
    these, and is checked first."""
    return (s.isascii() and s.isprintable()) or all(
        c == " " or unicodedata.category(c)[0] in "LNPS" for c in s)


def _text_size(self, s, prop, ismath):
    """``RendererAgg.get_text_width_height_descent`` from the remembered layout (module text).

    matplotlib measures a string with ``FT2Font.set_text``, which lays it out again: the box
    runs from the first glyph's pen position to the farthest pen position plus advance, and
    from the lowest glyph bottom to the highest glyph top (26.6 fixed point). The same sums over
    the glyphs of the remembered layout, with each glyph's advance and vertical extent kept per
    font, size, resolution and hinting, give the same numbers for strings of plain characters
    (:func:`_plain`; others are measured by matplotlib), and a new string is laid out once for
    measuring and drawing instead of twice. ``tests/test_text_memory.py`` compares both
    measures over many strings.
    """
    if ismath or not _plain(s):  # mathtext, TeX and unusual characters: matplotlib's own path
        return type(self).get_text_width_height_descent(self, s, prop, ismath)
    from matplotlib.backends.backend_agg import get_hinting_flag

    flags = get_hinting_flag()
    items = _laid_out(self, s, prop, flags)
    if not items:
        return 0.0, 0.0, 0.0
    size = prop.get_size_in_points()
    left = bottom = math.inf
    right = top = -math.inf
    for face, index, x, y in items:
        gkey = (face, size, self.dpi, index, flags)
        box = _boxes.get(gkey)
        if box is None:
            face.set_size(size, self.dpi)
            glyph = face.load_glyph(index, flags)
            if len(_boxes) >= 4 * LAYOUTS:
                _boxes.clear()
            box = _boxes[gkey] = (glyph.horiAdvance, glyph.bbox[1], glyph.bbox[3])
        pen_x, pen_y = round(x * 64), round(y * 64)
        left = min(left, pen_x)
        right = max(right, pen_x + box[0])
        bottom = min(bottom, pen_y + box[1])
        top = max(top, pen_y + box[2])
    return (right - left) / 64.0, (top - bottom) / 64.0, -bottom / 64.0


def _draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
    """``RendererAgg.draw_text`` with the layout and the glyph bitmaps remembered (module text)."""
    global _glyph_bytes
    if ismath:  # mathtext keeps matplotlib's own path
        return type(self).draw_text(self, gc, x, y, s, prop, angle, ismath, mtext)
    from matplotlib.backends.backend_agg import get_hinting_flag
    from matplotlib.ft2font import RenderMode

    flags = get_hinting_flag()
    size = prop.get_size_in_points()
    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    items = _laid_out(self, s, prop, flags, features, language)
    cos, sin, matrix = _rotation(angle)
    antialiased = gc.get_antialiased()
    height = self.height
    draw = self._renderer.draw_text_image
    for face, index, dx, dy in items:  # dy is upwards; FreeType's y is upwards too
        fx = round(0x40 * (x + dx * cos - dy * sin))
        fy = round(0x40 * (height - y + dx * sin + dy * cos))
        gkey = (face, size, self.dpi, index, angle, fx & 63, fy & 63, flags, antialiased)
        glyph = _glyphs.get(gkey)
        if glyph is None:
            face.set_size(size, self.dpi)
            face._set_transform(matrix, [fx, fy])
            bitmap = face._render_glyph(index, flags,
                                        RenderMode.NORMAL if antialiased else RenderMode.MONO)
            buffer = np.array(bitmap.buffer, copy=True)
            if not antialiased:
                buffer *= 0xff
            if _glyph_bytes + buffer.nbytes > GLYPH_BYTES:
                _glyphs.clear()
                _glyph_bytes = 0
            _glyph_bytes += buffer.nbytes
            # where the bitmap lies relative to the whole pixel the glyph starts in
            glyph = _glyphs[gkey] = (buffer, bitmap.left - (fx >> 6), bitmap.top - (fy >> 6))
        buffer, left, top = glyph
        # draw_text_image's y is downwards and names the bitmap's bottom side
        draw(buffer, left + (fx >> 6), int(height) - (top + (fy >> 6)) + buffer.shape[0], 0, gc)


def _text_cache_applies() -> bool:
    import matplotlib

    return matplotlib.__version__ == CHECKED_AGAINST["versions"]["matplotlib"]


def cache_text(fig) -> bool:
    """Give ``fig``'s renderer the memory of laid-out strings and rendered glyphs (module text).

    For canvases drawn by Agg (plain Agg and ipympl's), under the matplotlib version this module
    was checked against; others are left alone. Returns whether the memory was given. Every
    pixel stays the same.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas
    if (not TEXT_CACHE or not isinstance(canvas, FigureCanvasAgg) or not _text_cache_applies()
            or "get_renderer" in vars(canvas)):
        return False
    plain = canvas.get_renderer

    def get_renderer():
        renderer = plain()  # a new renderer whenever the size or resolution changes
        if "draw_text" not in vars(renderer):
            renderer.draw_text = types.MethodType(_draw_text, renderer)
            renderer.get_text_width_height_descent = types.MethodType(_text_size, renderer)
        return renderer

    canvas.get_renderer = get_renderer
    return True
