// The course's JupyterLab extension: ipympl figures without a PNG re-encode on every step.
//
// ipympl's canvas model (jupyter-matplotlib 0.12.0, ipympl 0.10.0) keeps a PNG copy of its
// picture in `_data_url`, which only a saved widget state uses: when a notebook is saved with
// "Save Widget State Automatically" on, the picture is stored so the figure shows without a
// kernel. ipympl makes that copy with `toDataURL()` each time an image arrives, synchronously,
// before the new image can load. At device-pixel-ratio 2 that costs 8-26 ms a step on the
// page's only thread (docs/PERFORMANCE.md).
//
// Here the copy is made when the state is read instead: `handle_binary` runs as shipped, with
// the canvas's `toDataURL` answered by the copy it already has, and `get_state` (what a
// save calls) encodes the current picture if an image has been drawn since the last copy. The
// saved copy is then the picture on screen; ipympl's own is one image behind it.
//
// Only ipympl's canvas model is touched, and only when its `handle_binary` still calls
// `toDataURL`; tests/test_labextension.py checks that against ipympl's shipped code, and the
// browser tests check the pictures and the saved copy in JupyterLab.
import { DOMWidgetModel } from '@jupyter-widgets/base';

const MODULE = 'jupyter-matplotlib';
const MODEL = 'MPLCanvasModel';
const deferred = new WeakSet();

function deferSnapshot(proto) {
  const handleBinary = proto.handle_binary;
  const getState = proto.get_state;

  proto.handle_binary = function (msg, buffers) {
    const canvas = this.offscreen_canvas;
    if (!this._courseSnapshotWatch) {
      // ipympl draws each image into its offscreen canvas in the image's onload handler;
      // a listener added after it runs after it, when the canvas holds the new picture
      this._courseSnapshotWatch = true;
      this.image.addEventListener('load', () => {
        this._courseSnapshotStale = true;
      });
    }
    const kept = this.get('_data_url');
    canvas.toDataURL = () => kept;
    try {
      handleBinary.call(this, msg, buffers);
    } finally {
      delete canvas.toDataURL;
    }
  };

  proto.get_state = function (dropDefaults) {
    if (this._courseSnapshotStale) {
      this._courseSnapshotStale = false;
      this.set('_data_url', this.offscreen_canvas.toDataURL(), { silent: true });
    }
    return getState.call(this, dropDefaults);
  };
}

function watchModels() {
  const initialize = DOMWidgetModel.prototype.initialize;
  DOMWidgetModel.prototype.initialize = function (attributes, options) {
    initialize.call(this, attributes, options);
    if (this.get('_model_module') !== MODULE || this.get('_model_name') !== MODEL) {
      return;
    }
    const proto = Object.getPrototypeOf(this);
    if (deferred.has(proto)) {
      return;
    }
    deferred.add(proto);
    if (String(proto.handle_binary).includes('toDataURL') && proto.get_state) {
      deferSnapshot(proto);
    } else {
      console.warn(`${MODULE}: its canvas model changed; figures keep ipympl's own behaviour`);
    }
  };
}

export default {
  id: 'plantar-course-canvas:defer-figure-snapshot',
  description: 'Copies an ipympl figure into the saved widget state when the state is saved, not on every image.',
  autoStart: true,
  activate: () => watchModels()
};
