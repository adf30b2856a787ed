// @ts-check
/**
 * Moving and resizing a zone with the pointer, as plain arithmetic over fractions of the frame.
 * Pure (a property test keeps every result inside the frame and at least the minimum size).
 */

/** @typedef {{ x: number, y: number, w: number, h: number }} Zone */

/** A zone is never smaller than this (fraction of the frame), as when drawing one. */
export const MIN_ZONE = 0.01;

/**
 * The zone after a drag of (dx, dy), from where the drag began. `move` keeps its size and stops at
 * the frame's edges; `resize` moves the bottom-right corner, keeping the top-left one.
 * @param {Zone} zone
 * @param {'move' | 'resize'} kind
 * @param {number} dx
 * @param {number} dy
 * @returns {Zone}
 */
export function dragZone(zone, kind, dx, dy) {
  const limit = (/** @type {number} */ value, /** @type {number} */ low, /** @type {number} */ high) => Math.min(high, Math.max(low, value));
  const w = limit(zone.w, MIN_ZONE, 1);
  const h = limit(zone.h, MIN_ZONE, 1);
  const x = limit(zone.x, 0, 1 - w);
  const y = limit(zone.y, 0, 1 - h);
  if (kind === 'move') return { x: limit(x + dx, 0, 1 - w), y: limit(y + dy, 0, 1 - h), w, h };
  return { x, y, w: limit(w + dx, MIN_ZONE, 1 - x), h: limit(h + dy, MIN_ZONE, 1 - y) };
}
