// @ts-check
/** A small element builder: h('button', {class: 'btn', onclick}, 'Text'). Text is always set as text, never as HTML. */
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'rect', 'g', 'line', 'text', 'title'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value' && !svg) el.value = value;
    else if (key === 'checked' && !svg) el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

let uniqueId = 0;
export function uid(prefix) {
  uniqueId += 1;
  return `${prefix}-${uniqueId}`;
}

/** A labelled form control in Bootstrap's markup. */
export function field(label, control, help) {
  const id = control.id || uid('f');
  control.id = id;
  const helpId = help ? `${id}-help` : undefined;
  if (helpId) control.setAttribute('aria-describedby', helpId);
  return h('div', { class: 'mb-3' }, h('label', { class: 'form-label', for: id }, label), control, help && h('div', { class: 'form-text', id: helpId }, help));
}

/**
 * A checkbox (or switch) with its label.
 * @param {any} label
 * @param {boolean | undefined} checked
 * @param {(event: any) => void} onchange
 * @param {{ switchStyle?: boolean, value?: string, name?: string }} [options]
 */
export function check(label, checked, onchange, { switchStyle = false, value, name } = {}) {
  const id = uid('c');
  return h(
    'div',
    { class: `form-check${switchStyle ? ' form-switch' : ''}` },
    h('input', { class: 'form-check-input', type: 'checkbox', id, checked, value, name, role: switchStyle ? 'switch' : undefined, onchange }),
    h('label', { class: 'form-check-label', for: id }, label),
  );
}

export function alertBox(kind, ...children) {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'danger' ? 'alert' : 'status' }, ...children);
}

export const formatTime = (iso) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
};
