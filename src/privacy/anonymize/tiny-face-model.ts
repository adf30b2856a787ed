/**
 * The arithmetic around face-api's Tiny Face Detector, kept apart from TensorFlow so it is plain,
 * testable code: preparing a picture for the network and reading its answer.
 *
 * The network (weights in @vladmandic/face-api's `model/` folder, MIT) is a Tiny-YOLOv2 with
 * depthwise-separable convolutions: a square RGB input whose side is a multiple of 32, normalised
 * as (value − mean) / 255, and an output grid of side/32 × side/32 cells, each with 5 anchor boxes
 * of 5 numbers (x, y, w, h offsets and a face score). This file does what face-api does around it
 * (scale the picture to fit the square, pad right and bottom, decode, suppress overlaps), so the
 * boxes match face-api's for the same input; detect-faces.ts runs the network itself.
 */
import type { Zone } from '../types.js';

/** Anchor sizes in grid cells (width, height), from face-api's TinyFaceDetector. */
export const TINY_FACE_ANCHORS: readonly (readonly [number, number])[] = [
  [1.603231, 2.094468],
  [6.041143, 7.080126],
  [2.882459, 3.518061],
  [4.266906, 5.178857],
  [9.041765, 10.66308],
];
export const TINY_FACE_MEAN_RGB: readonly [number, number, number] = [117.001, 114.697, 97.404];
/** Two boxes overlapping more than this are one face; face-api uses the same value. */
export const TINY_FACE_IOU_THRESHOLD = 0.4;
/** The network halves the picture five times: one output cell per 32×32 input pixels. */
export const TINY_FACE_STRIDE = 32;
/** Numbers per anchor in the output: x, y, w, h, score. */
export const TINY_FACE_BOX_ENCODING = 5;

/** Packed 8-bit RGB, row by row. */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A detected box in fractions of the picture, with the network's confidence (0..1). */
export interface ScoredBox extends Zone {
  readonly score: number;
}

/** The network's input: `size`×`size`×3, with the picture in the top-left `width`×`height`. */
export interface NetworkInput {
  readonly data: Float32Array;
  readonly size: number;
  readonly width: number;
  readonly height: number;
}

export function isValidInputSize(size: number): boolean {
  return Number.isInteger(size) && size >= 64 && size <= 1024 && size % TINY_FACE_STRIDE === 0;
}

/** For each output index along one axis: the first source index it reads, how many, and their weights (summing to 1). */
interface Taps {
  readonly first: Int32Array;
  readonly count: Int32Array;
  /** `perOutput` slots per output index, the first `count` used. */
  readonly weight: Float32Array;
  readonly perOutput: number;
}

/**
 * Resampling weights from `from` samples to `to`: an area average when shrinking (no pixel is
 * skipped, so a small face is not lost between samples), linear interpolation when enlarging.
 */
function taps(from: number, to: number): Taps {
  const scale = from / to;
  const perOutput = scale > 1 ? Math.ceil(scale) + 1 : 2;
  const first = new Int32Array(to);
  const count = new Int32Array(to);
  const weight = new Float32Array(to * perOutput);
  for (let o = 0; o < to; o++) {
    const base = o * perOutput;
    if (scale > 1) {
      const start = o * scale;
      const end = start + scale;
      first[o] = Math.floor(start);
      count[o] = Math.min(from, Math.ceil(end)) - first[o]!;
      for (let k = 0; k < count[o]!; k++) {
        const i = first[o]! + k;
        weight[base + k] = (Math.min(i + 1, end) - Math.max(i, start)) / scale;
      }
    } else {
      const centre = Math.min(from - 1, Math.max(0, (o + 0.5) * scale - 0.5));
      const left = Math.floor(centre);
      first[o] = left;
      count[o] = left + 1 < from ? 2 : 1;
      weight[base] = 1 - (centre - left);
      if (count[o] === 2) weight[base + 1] = centre - left;
      else weight[base] = 1;
    }
  }
  return { first, count, weight, perOutput };
}

/**
 * `image` resampled to `width`×`height`, as floats 0..255, each output row handed to `emit` (the
 * row buffer is reused: copy what you keep).
 */
function resampleRows(image: RgbImage, width: number, height: number, emit: (y: number, row: Float32Array) => void): void {
  const horizontal = taps(image.width, width);
  const vertical = taps(image.height, height);
  const rowLength = width * 3;
  const rows = new Float32Array(image.height * rowLength);
  const source = image.data;
  const { first: hFirst, count: hCount, weight: hWeight, perOutput: hPer } = horizontal;
  for (let y = 0; y < image.height; y++) {
    const rowIn = y * image.width * 3;
    let out = y * rowLength;
    for (let x = 0; x < width; x++, out += 3) {
      let r = 0;
      let g = 0;
      let b = 0;
      let at = rowIn + hFirst[x]! * 3;
      for (let k = x * hPer, end = k + hCount[x]!; k < end; k++, at += 3) {
        const w = hWeight[k]!;
        r += source[at]! * w;
        g += source[at + 1]! * w;
        b += source[at + 2]! * w;
      }
      rows[out] = r;
      rows[out + 1] = g;
      rows[out + 2] = b;
    }
  }
  const row = new Float32Array(rowLength);
  const { first: vFirst, count: vCount, weight: vWeight, perOutput: vPer } = vertical;
  for (let y = 0; y < height; y++) {
    row.fill(0);
    for (let k = y * vPer, j = vFirst[y]!, end = k + vCount[y]!; k < end; k++, j++) {
      const w = vWeight[k]!;
      const rowIn = j * rowLength;
      for (let i = 0; i < rowLength; i++) row[i] += rows[rowIn + i]! * w;
    }
    emit(y, row);
  }
}

/** `image` resampled to `width`×`height` as floats 0..255 (packed RGB). */
export function resampleRgb(image: RgbImage, width: number, height: number): Float32Array {
  const out = new Float32Array(height * width * 3);
  resampleRows(image, width, height, (y, row) => out.set(row, y * width * 3));
  return out;
}

/**
 * The picture scaled so its longer side is `size`, placed top-left in a `size`×`size` square
 * padded with black, normalised for the network. Throws a RangeError for an invalid size.
 */
export function prepareInput(image: RgbImage, size: number): NetworkInput {
  if (!isValidInputSize(size)) throw new RangeError(`the detector input size must be a multiple of ${TINY_FACE_STRIDE} from 64 to 1024, not ${size}`);
  const scale = size / Math.max(image.width, image.height);
  const width = Math.max(1, Math.min(size, Math.round(image.width * scale)));
  const height = Math.max(1, Math.min(size, Math.round(image.height * scale)));
  const data = new Float32Array(size * size * 3);
  const [meanR, meanG, meanB] = TINY_FACE_MEAN_RGB;
  resampleRows(image, width, height, (y, row) => {
    let to = y * size * 3;
    for (let i = 0; i < row.length; i += 3, to += 3) {
      data[to] = (row[i]! - meanR) / 255;
      data[to + 1] = (row[i + 1]! - meanG) / 255;
      data[to + 2] = (row[i + 2]! - meanB) / 255;
    }
  });
  // Padding is black before normalisation, as in face-api: right of the picture, then below it.
  const [padR, padG, padB] = [-meanR / 255, -meanG / 255, -meanB / 255];
  for (let y = 0; y < size; y++) {
    for (let at = (y * size + (y < height ? width : 0)) * 3, end = (y + 1) * size * 3; at < end; at += 3) {
      data[at] = padR;
      data[at + 1] = padG;
      data[at + 2] = padB;
    }
  }
  return { data, size, width, height };
}

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

/**
 * Boxes whose face score exceeds `scoreThreshold`, in fractions of the picture (before overlap
 * suppression). `output` is the network's `cells`×`cells`×(5 anchors × 5) answer for `input`.
 * Throws when the output does not have that shape.
 */
export function decodeOutput(output: Float32Array, cells: number, input: NetworkInput, scoreThreshold: number): ScoredBox[] {
  const anchors = TINY_FACE_ANCHORS.length;
  if (!Number.isInteger(cells) || cells <= 0 || output.length !== cells * cells * anchors * TINY_FACE_BOX_ENCODING) {
    throw new Error(`the detector answered ${output.length} numbers for a ${cells}×${cells} grid`);
  }
  // The grid spans the padded square; the picture is only the top-left part of it.
  const toPictureX = input.size / input.width;
  const toPictureY = input.size / input.height;
  const boxes: ScoredBox[] = [];
  for (let row = 0; row < cells; row++) {
    for (let col = 0; col < cells; col++) {
      for (let anchor = 0; anchor < anchors; anchor++) {
        const at = ((row * cells + col) * anchors + anchor) * TINY_FACE_BOX_ENCODING;
        const score = sigmoid(output[at + 4]!);
        if (!(score > scoreThreshold)) continue;
        const [anchorW, anchorH] = TINY_FACE_ANCHORS[anchor]!;
        const centreX = ((col + sigmoid(output[at]!)) / cells) * toPictureX;
        const centreY = ((row + sigmoid(output[at + 1]!)) / cells) * toPictureY;
        const w = ((Math.exp(output[at + 2]!) * anchorW) / cells) * toPictureX;
        const h = ((Math.exp(output[at + 3]!) * anchorH) / cells) * toPictureY;
        boxes.push({ x: centreX - w / 2, y: centreY - h / 2, w, h, score });
      }
    }
  }
  return boxes;
}

export function intersectionOverUnion(a: Zone, b: Zone): number {
  const across = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const down = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = across * down;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy suppression: the most confident box of each overlapping group, most confident first. */
export function nonMaxSuppression(boxes: readonly ScoredBox[], iouThreshold: number = TINY_FACE_IOU_THRESHOLD): ScoredBox[] {
  const kept: ScoredBox[] = [];
  for (const box of [...boxes].sort((a, b) => b.score - a.score)) {
    if (kept.every((other) => intersectionOverUnion(other, box) <= iouThreshold)) kept.push(box);
  }
  return kept;
}
