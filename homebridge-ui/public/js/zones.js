// @ts-check
/**
 * The mask-zone editor: rectangles drawn with the mouse over the camera's current view (through
 * the plugin's privacy gate), or over a blank 16:9 frame when there is none. A zone is moved by
 * dragging it and resized by its corner handle; every zone can also be added and adjusted with the
 * keyboard through its number fields. Zones are fractions of the
 * frame, as the policy stores them.
 */
import { alertBox, h, replace, uid } from './dom.js';
import { CAMERA_KINDS } from './kinds.js';
import { devices, request } from './state.js';
import { dragZone, MIN_ZONE as MIN_SIZE } from './zone-drag.js';
const round = (value) => Math.round(value * 10000) / 10000;
const clamp = (value) => Math.min(1, Math.max(0, value));

export function openZoneEditor({ host, title, zones, cameraIds, onDone }) {
  let working = zones.map((z) => ({ ...z }));
  const cameras = devices().filter((d) => CAMERA_KINDS.includes(d.kind));
  const preferred = cameras.filter((d) => cameraIds.includes(d.id));
  const choices = preferred.length > 0 ? preferred : cameras;
  const opener = document.activeElement;

  const frame = h('div', { class: 'trygr-zone-frame', 'aria-label': 'Camera view; drag to draw a zone' });
  const image = h('img', { class: 'trygr-zone-image', alt: '' });
  const note = h('div', { class: 'form-text', role: 'status' });
  const list = h('div', { class: 'trygr-zone-list' });
  const cameraSelect =
    choices.length > 0 &&
    h(
      'select',
      { class: 'form-select', id: uid('cam'), onchange: (e) => loadView(e.currentTarget.value) },
      choices.map((d) => h('option', { value: d.id }, d.name)),
    );

  const dialog = h(
    'div',
    {
      class: 'trygr-zone-editor card card-body',
      role: 'group',
      'aria-label': title,
      onkeydown: (e) => {
        if (e.key === 'Escape') close();
      },
    },
    h('h2', { class: 'h5' }, title),
    cameraSelect && h('div', { class: 'mb-2' }, h('label', { class: 'form-label', for: cameraSelect.id }, 'Draw over the view of'), cameraSelect),
    frame,
    note,
    list,
    h(
      'div',
      { class: 'd-flex flex-wrap gap-2 mt-2' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-outline-secondary',
          onclick: () => {
            working.push({ x: 0.25, y: 0.25, w: 0.5, h: 0.5 });
            draw();
          },
        },
        'Add a zone',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          onclick: () => {
            onDone(working.map((z) => ({ x: round(z.x), y: round(z.y), w: round(z.w), h: round(z.h) })));
            close();
          },
        },
        'Use these zones',
      ),
      h('button', { type: 'button', class: 'btn btn-outline-secondary', onclick: close }, 'Cancel'),
    ),
  );
  host.querySelectorAll('.trygr-zone-editor').forEach((open) => open.remove());
  host.append(dialog);
  frame.append(image);

  function close() {
    dialog.remove();
    if (opener instanceof HTMLElement) opener.focus();
  }

  async function loadView(deviceId) {
    frame.style.aspectRatio = '16 / 9';
    image.hidden = true;
    if (!deviceId) {
      note.textContent = 'No camera to show: zones are drawn on a blank 16:9 frame.';
      return;
    }
    note.textContent = "Loading the camera's current view…";
    try {
      const view = await request('/camera-view', { deviceId, width: 640, height: 360 });
      if (!view.available) {
        note.textContent = `${view.reason} A blank 16:9 frame is shown.`;
        return;
      }
      image.onload = () => {
        frame.style.aspectRatio = `${image.naturalWidth} / ${image.naturalHeight}`;
        image.hidden = false;
        note.textContent = 'The current view, as Apple Home would get it now. Drag to draw a zone.';
      };
      image.src = view.dataUrl;
    } catch (error) {
      note.textContent = `${error.message} A blank 16:9 frame is shown.`;
    }
  }

  // Drawing with the mouse (or a pen, or a finger).
  let start;
  let ghost;
  const point = (event) => {
    const box = frame.getBoundingClientRect();
    return { x: clamp((event.clientX - box.left) / box.width), y: clamp((event.clientY - box.top) / box.height) };
  };
  frame.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || event.target.closest('.trygr-zone')) return;
    start = point(event);
    frame.setPointerCapture(event.pointerId);
    ghost = h('div', { class: 'trygr-zone trygr-zone-ghost' });
    frame.append(ghost);
    event.preventDefault();
  });
  frame.addEventListener('pointermove', (event) => {
    if (!start) return;
    place(ghost, rectFrom(start, point(event)));
  });
  frame.addEventListener('pointerup', (event) => {
    if (!start) return;
    const zone = rectFrom(start, point(event));
    start = undefined;
    ghost?.remove();
    if (zone.w >= MIN_SIZE && zone.h >= MIN_SIZE) working.push(zone);
    draw();
  });

  // Moving a zone (drag it) or resizing it (drag its corner handle).
  const adjust = (event, index, kind) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    const from = point(event);
    const before = { ...working[index] };
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const zoneEl = target.closest('.trygr-zone');
    const onMove = (move) => {
      const at = point(move);
      working[index] = dragZone(before, kind, at.x - from.x, at.y - from.y);
      place(zoneEl, working[index]);
    };
    const onUp = () => {
      target.removeEventListener('pointermove', onMove);
      target.removeEventListener('pointerup', onUp);
      draw();
    };
    target.addEventListener('pointermove', onMove);
    target.addEventListener('pointerup', onUp);
  };

  function draw() {
    frame.querySelectorAll('.trygr-zone').forEach((el) => el.remove());
    working.forEach((zone, index) =>
      frame.append(
        place(
          h(
            'div',
            { class: 'trygr-zone', 'aria-hidden': 'true', title: 'Drag to move; drag the corner to resize', onpointerdown: (e) => adjust(e, index, 'move') },
            h('span', {}, String(index + 1)),
            h('div', { class: 'trygr-zone-handle', onpointerdown: (e) => adjust(e, index, 'resize') }),
          ),
          zone,
        ),
      ),
    );
    replace(
      list,
      working.length === 0
        ? alertBox('secondary', 'No zones: the step applies to the whole image.')
        : h(
            'table',
            { class: 'table table-sm align-middle mb-0' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'Zone'),
                ['Left %', 'Top %', 'Width %', 'Height %'].map((t) => h('th', { scope: 'col' }, t)),
                h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')),
              ),
            ),
            h(
              'tbody',
              {},
              working.map((zone, index) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, String(index + 1)),
                  ['x', 'y', 'w', 'h'].map((key) =>
                    h(
                      'td',
                      {},
                      h('input', {
                        class: 'form-control form-control-sm',
                        type: 'number',
                        min: 0,
                        max: 100,
                        step: 1,
                        value: Math.round(zone[key] * 100),
                        'aria-label': `Zone ${index + 1} ${{ x: 'left', y: 'top', w: 'width', h: 'height' }[key]} in percent`,
                        onchange: (e) => {
                          zone[key] = clamp(Number(e.currentTarget.value) / 100);
                          if (zone.x + zone.w > 1) zone.w = 1 - zone.x;
                          if (zone.y + zone.h > 1) zone.h = 1 - zone.y;
                          draw();
                        },
                      }),
                    ),
                  ),
                  h(
                    'td',
                    {},
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'btn btn-sm btn-outline-danger',
                        'aria-label': `Remove zone ${index + 1}`,
                        onclick: () => {
                          working = working.filter((_, i) => i !== index);
                          draw();
                        },
                      },
                      '✕',
                    ),
                  ),
                ),
              ),
            ),
          ),
    );
  }

  draw();
  void loadView(cameraSelect ? cameraSelect.value : undefined);
  dialog.scrollIntoView({ block: 'nearest' });
  (cameraSelect || dialog.querySelector('button')).focus();
}

function rectFrom(a, b) {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

function place(el, zone) {
  Object.assign(el.style, { left: `${zone.x * 100}%`, top: `${zone.y * 100}%`, width: `${zone.w * 100}%`, height: `${zone.h * 100}%` });
  return el;
}
