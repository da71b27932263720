"""An emulated ipympl front end, in the kernel's own process, for counting what a step costs.

In JupyterLab, a slider step is: the browser sends the slider's new value as a widget
message; the kernel unpacks it, echoes it back, runs the app's callback, draws, encodes the
changed pixels as PNG and sends them, and answers any "draw" request the canvas makes through
the browser. This module plays the browser's part, message for message, so that a benchmark
can count all of that kernel work with ``time.process_time`` and no browser:

- :func:`install` makes every widget created afterwards talk through a :class:`RecordingComm`,
  which packs each outgoing message the way ipykernel does (``json_clean``, then a signed
  ``jupyter_client.Session`` message) and hands it to the attached front ends;
- :class:`FrontEnd` attaches to an ipympl ``Canvas`` and sends what ipympl 0.10's browser code
  (``jupyter-matplotlib`` 0.12, ``MPLCanvasModel``) sends: ``set_dpi_ratio`` and
  ``set_device_pixel_ratio`` when the ratio is not 1, then ``refresh``, ``send_image_mode`` and
  ``initialized``; ``draw`` when the kernel asks for one and no image is awaited (one draw in
  flight); ``refresh`` after each ``resize``. The shipped front end sends no ``ack`` after an
  image (matplotlib's own WebAgg page does; ipympl's does not, and the kernel ignores it), so
  none is sent unless ``ack=True``.
- :meth:`FrontEnd.set` sends a control's new value as the browser does (``update`` with the
  value), and every message the browser would send in answer is delivered to the kernel in
  turn (:func:`pump`), each packed and unpacked by a ``Session`` as on the wire;
- after each delivered message the kernel's ``post_execute`` work is done as in a real kernel
  (ipykernel triggers it after every comm message): with pyplot interactive, every stale
  figure is asked to redraw.

The binary image messages are kept (:attr:`FrontEnd.images`) with the image mode in force,
and :meth:`FrontEnd.picture` composes them as the browser's ``drawImage`` does, so a test can
compare what a viewer would see.
"""

from __future__ import annotations

import io
import json
from collections import deque
from dataclasses import dataclass, field

import comm
import numpy as np
from comm.base_comm import BaseComm
from jupyter_client.jsonutil import json_clean
from jupyter_client.session import Session

#: One session for both ends, signing with a key as a real kernel does (HMAC-SHA256).
SESSION = Session(key=b"emulated-frontend-key", username="frontend")

_QUEUE: deque = deque()  # messages from the browser to the kernel, not yet delivered
_FRONTENDS: dict[str, list[FrontEnd]] = {}  # comm id -> front ends attached to that widget
_COUNTS = {"to_browser": 0, "to_browser_bytes": 0, "to_kernel": 0}
_installed = {"create_comm": None}


class RecordingComm(BaseComm):
    """A comm that packs every message as ipykernel would and passes it to the front ends."""

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        data = {} if data is None else data
        content = json_clean(dict(data=data, comm_id=self.comm_id, **keys))
        msg = SESSION.msg(msg_type, content, metadata=json_clean(metadata or {}))
        frames = SESSION.serialize(msg, ident=self.topic)
        _COUNTS["to_browser"] += 1
        _COUNTS["to_browser_bytes"] += sum(len(f) for f in frames) + sum(
            memoryview(b).nbytes for b in (buffers or []))
        for front in _FRONTENDS.get(self.comm_id, ()):
            front._receive(msg_type, data, buffers or [])


def install() -> None:
    """Widgets created from now on talk through :class:`RecordingComm` (idempotent)."""
    if _installed["create_comm"] is None:
        _installed["create_comm"] = comm.create_comm
        comm.create_comm = RecordingComm


def uninstall() -> None:
    if _installed["create_comm"] is not None:
        comm.create_comm = _installed["create_comm"]
        _installed["create_comm"] = None


def counts() -> dict:
    """Messages (and bytes) sent so far each way."""
    return dict(_COUNTS)


def _post_execute() -> None:
    """What the kernel runs after each comm message: pyplot redraws stale figures when
    interactive (matplotlib's ``_draw_all_if_interactive``)."""
    import matplotlib
    from matplotlib._pylab_helpers import Gcf

    if matplotlib.is_interactive():
        for manager in Gcf.get_all_fig_managers():
            if manager.canvas.figure.stale:
                manager.canvas.draw_idle()


def send_to_kernel(widget, data: dict, buffers=()) -> None:
    """Queue a ``comm_msg`` from the browser to ``widget`` (delivered by :func:`pump`)."""
    _QUEUE.append((widget, data, list(buffers)))


def pump(limit: int = 1000) -> int:
    """Deliver queued browser messages to the kernel until none is left (each one packed and
    unpacked by a ``Session`` as on the wire, then ``post_execute``). Returns how many."""
    done = 0
    while _QUEUE:
        if done >= limit:
            raise RuntimeError(f"more than {limit} messages between browser and kernel: a loop?")
        widget, data, buffers = _QUEUE.popleft()
        content = {"comm_id": widget.comm.comm_id, "data": data}
        wire = SESSION.serialize(SESSION.msg("comm_msg", content))
        idents, frames = SESSION.feed_identities(wire, copy=True)
        msg = SESSION.deserialize(frames, content=True, copy=True)
        msg["buffers"] = buffers
        _COUNTS["to_kernel"] += 1
        widget.comm.handle_msg(msg)
        _post_execute()
        done += 1
    return done


@dataclass
class Image:
    """One binary image message: the PNG bytes and the image mode the browser held then."""

    png: bytes
    mode: str


@dataclass
class FrontEnd:
    """The browser side of one ipympl canvas at a device pixel ratio."""

    canvas: object
    ratio: float = 1.0
    ack: bool = False
    keep: int = 4  # images kept (the newest); all are counted
    compose: bool = False  # decode and compose every image into picture() (costs time)
    images: deque = field(default_factory=deque)
    received: int = 0
    image_mode: str = "full"
    waiting_for_image: bool = False
    _picture: np.ndarray | None = None

    def attach(self) -> FrontEnd:
        """Register with the canvas's comm and send what the browser sends on creating the
        canvas model; then deliver everything that follows (the first full image)."""
        canvas = self.canvas
        if not isinstance(canvas.comm, RecordingComm):
            raise RuntimeError("call frontend.install() before building the figure")
        _FRONTENDS.setdefault(canvas.comm.comm_id, []).append(self)
        self.image_mode = canvas._image_mode
        if self.ratio != 1:
            self._send("set_dpi_ratio", dpi_ratio=self.ratio)
            self._send("set_device_pixel_ratio", device_pixel_ratio=self.ratio)
        self._send("refresh")
        self._send("send_image_mode")
        self._send("initialized")
        pump()
        return self

    def detach(self) -> None:
        fronts = _FRONTENDS.get(self.canvas.comm.comm_id, [])
        if self in fronts:
            fronts.remove(self)

    # -- browser to kernel
    def _send(self, kind: str, **content) -> None:
        send_to_kernel(self.canvas, {"method": "custom", "content": {"type": kind, **content}})

    @staticmethod
    def set(widget, name: str, value) -> None:
        """Send a control's new value as the browser does, then deliver everything it causes."""
        send_to_kernel(widget, {"method": "update", "state": {name: value}, "buffer_paths": []})
        pump()

    # -- kernel to browser
    def _receive(self, msg_type: str, data: dict, buffers: list) -> None:
        if msg_type != "comm_msg":
            return
        method = data.get("method")
        if method in ("update", "echo_update"):
            state = data.get("state", {})
            if "_image_mode" in state:
                self.image_mode = state["_image_mode"]
            return
        if method != "custom":
            return
        content = json.loads(data["content"]["data"])
        kind = content["type"]
        if kind == "binary":
            png = bytes(memoryview(buffers[0]))
            self.received += 1
            self.images.append(Image(png, self.image_mode))
            while len(self.images) > self.keep:
                self.images.popleft()
            if self.compose:
                self._compose(png, self.image_mode)
            self.waiting_for_image = False
            if self.ack:
                self._send("ack")
        elif kind == "draw":
            if not self.waiting_for_image:
                self.waiting_for_image = True
                self._send("draw")
        elif kind == "resize":
            self._send("refresh")

    # -- what the viewer sees
    def _compose(self, png: bytes, mode: str) -> None:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(png)) as im:
            rgba = np.asarray(im.convert("RGBA")).copy()
        if mode == "full" or self._picture is None:
            self._picture = rgba  # clearRect, then drawImage
            return
        # drawImage at (0, 0), source-over: a diff image may be smaller than the canvas
        h, w = rgba.shape[:2]
        assert h <= self._picture.shape[0] and w <= self._picture.shape[1], "diff image larger than the canvas"
        alpha = rgba[..., 3:4].astype(np.uint16)
        base = self._picture[:h, :w].astype(np.uint16)
        out = (rgba.astype(np.uint16) * alpha + base * (255 - alpha) + 127) // 255
        self._picture[:h, :w] = out.astype(np.uint8)

    def picture(self) -> np.ndarray | None:
        """The canvas as the browser shows it (RGBA), when built with ``compose=True``."""
        return self._picture
