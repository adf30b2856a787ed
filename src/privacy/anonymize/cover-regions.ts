/**
 * From detected faces to the rectangles an anonymizing redaction treats. Pure: boxes in, zones out,
 * all in fractions of the frame ((0,0) top-left, (1,1) bottom-right), like policy zones.
 *
 * A face detector's box is tight around eyes, nose and mouth and sits where the model thinks the
 * face is; a redaction that treats only that box leaves hair, ears, chin and the rest of a
 * recognisable head. So each box is widened by a margin in units of its own size (more above for
 * hair than below), then clamped to the frame. For `persons` the face box is grown into the
 * rough outline of the body below it (a head is about an eighth of a standing adult), which
 * covers people whose face the detector found; someone whose face it cannot see is not covered.
 *
 * A box that cannot be read (not finite, negative size) is treated as the whole frame: this
 * function never narrows what a redaction covers because its input was odd.
 */
import type { Zone } from '../types.js';

export type CoverTarget = 'faces' | 'persons';

/** Default widening, in units of the face box: 0.25 adds a quarter of its width on each side. */
export const DEFAULT_COVER_MARGIN = 0.25;

const WHOLE_FRAME: Zone = { x: 0, y: 0, w: 1, h: 1 };

/** How far each edge moves out, in units of the box's width (left, right) or height (top, bottom). */
interface Growth {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Every term grows with `margin`, so a larger margin always covers at least what a smaller one did. */
function growth(what: CoverTarget, margin: number): Growth {
  switch (what) {
    case 'faces':
      return { left: margin, right: margin, top: 1.5 * margin, bottom: margin };
    case 'persons':
      // Shoulders reach about one face width beyond each cheek; the body about seven face heights below the chin.
      return { left: 1 + margin, right: 1 + margin, top: 0.5 + 1.5 * margin, bottom: 7 + margin };
  }
}

function readable(box: Zone): boolean {
  return Number.isFinite(box.x) && Number.isFinite(box.y) && Number.isFinite(box.w) && Number.isFinite(box.h) && box.w >= 0 && box.h >= 0;
}

/** The part of `box` inside the frame, or undefined when nothing of it is (or it has no area). */
export function clipToFrame(box: Zone): Zone | undefined {
  const x0 = Math.max(0, box.x);
  const y0 = Math.max(0, box.y);
  const x1 = Math.min(1, box.x + box.w);
  const y1 = Math.min(1, box.y + box.h);
  if (!(x1 > x0 && y1 > y0)) return undefined;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * The zones to treat for `boxes` (detected faces, fractions of the frame): each box widened by
 * `margin` (see DEFAULT_COVER_MARGIN) and clamped to the frame. Boxes wholly outside the frame give
 * no zone; an unreadable box gives the whole frame. Throws a RangeError for a margin that is not a
 * finite number ≥ 0.
 */
export function coverRegions(boxes: readonly Zone[], what: CoverTarget, margin: number = DEFAULT_COVER_MARGIN): Zone[] {
  if (!Number.isFinite(margin) || margin < 0) throw new RangeError(`the cover margin must be a finite number ≥ 0, not ${margin}`);
  const grow = growth(what, margin);
  const zones: Zone[] = [];
  for (const box of boxes) {
    if (!readable(box)) {
      zones.push(WHOLE_FRAME);
      continue;
    }
    const widened = clipToFrame({
      x: box.x - grow.left * box.w,
      y: box.y - grow.top * box.h,
      w: box.w * (1 + grow.left + grow.right),
      h: box.h * (1 + grow.top + grow.bottom),
    });
    if (widened) zones.push(widened);
  }
  return zones;
}
