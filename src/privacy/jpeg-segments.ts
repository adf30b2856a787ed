/**
 * Reading a JPEG's segments without decoding it: its frame size, and a forwarded snapshot without a decode: the camera's JPEG with its metadata segments cut out.
 * EXIF, XMP, IPTC and comments can carry a location, a device's serial number or a time, and none
 * of them change a pixel. Decoding and re-encoding an image only to drop them costs most of a
 * snapshot's time and leaves libvips' pixel buffers to fragment the heap of a long-running bridge.
 *
 * Only a JPEG whose bytes mean exactly the same picture without those segments is passed through:
 * one that is complete (ends in EOI, nothing but entropy-coded data after its scans start), has no
 * colour profile to interpret and no EXIF rotation to apply. Anything else returns undefined and
 * is rendered (decoded, checked, re-encoded) as before.
 */

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const COM = 0xfe;
const EXIF_ORIENTATION_TAG = 0x0112;
/** Baseline, extended and progressive Huffman-coded frames. */
const HUFFMAN_FRAMES = new Set([0xc0, 0xc1, 0xc2]);

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** Width and height in the JPEG frame header (before any EXIF rotation); undefined when not found. */
export function jpegFrameSize(jpeg: Buffer): ImageSize | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 <= jpeg.length) {
    if (jpeg[i] !== 0xff) return undefined;
    const marker = jpeg[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // image data before any frame header
    const length = jpeg.readUInt16BE(i + 2);
    if (isFrameHeader(marker)) {
      const height = jpeg.readUInt16BE(i + 5);
      const width = jpeg.readUInt16BE(i + 7);
      return width > 0 && height > 0 ? { width, height } : undefined;
    }
    i += 2 + length;
  }
  return undefined;
}

export interface StripLimits {
  /** Larger frames are left to the decoder, which refuses them. */
  readonly maxPixels: number;
}

/** The JPEG without metadata segments, or undefined when it has to be decoded instead. */
export function stripJpegMetadata(jpeg: Buffer, limits: StripLimits): Buffer | undefined {
  const layout = readLayout(jpeg);
  if (!layout || layout.pixels > limits.maxPixels || layout.needsDecode) return undefined;
  if (layout.dropped.length === 0 && layout.end === jpeg.length) return jpeg;
  const kept: Buffer[] = [];
  let from = 0;
  for (const [start, end] of layout.dropped) {
    kept.push(jpeg.subarray(from, start));
    from = end;
  }
  kept.push(jpeg.subarray(from, layout.end));
  return Buffer.concat(kept);
}

interface Layout {
  /** [start, end) byte ranges of the segments to leave out. */
  readonly dropped: readonly (readonly [number, number])[];
  readonly pixels: number;
  /** A colour profile or an EXIF rotation that only a decode can apply. */
  readonly needsDecode: boolean;
  /** Just past EOI: trailing bytes are not passed on. */
  readonly end: number;
}

function readLayout(jpeg: Buffer): Layout | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== SOI) return undefined;
  const dropped: [number, number][] = [];
  let pixels: number | undefined;
  let needsDecode = false;
  let i = 2;
  for (;;) {
    if (i + 4 > jpeg.length || jpeg[i] !== 0xff) return undefined;
    const marker = jpeg[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === SOI || marker === EOI || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) return undefined; // no segment may stand here
    const length = jpeg.readUInt16BE(i + 2);
    const end = i + 2 + length;
    if (length < 2 || end > jpeg.length) return undefined;
    if (marker === SOS) {
      if (pixels === undefined) return undefined;
      const scanEnd = endOfScans(jpeg, end);
      return scanEnd === undefined ? undefined : { dropped, pixels, needsDecode, end: scanEnd };
    }
    if (isFrameHeader(marker)) {
      if (length < 8) return undefined;
      const height = jpeg.readUInt16BE(i + 5);
      const width = jpeg.readUInt16BE(i + 7);
      if (width === 0 || height === 0) return undefined;
      pixels = width * height;
      if (!HUFFMAN_FRAMES.has(marker)) needsDecode = true; // arithmetic and lossless JPEGs: not every viewer decodes them
    } else if (marker === APP2 && startsWith(jpeg, i + 4, end, 'ICC_PROFILE\0')) {
      needsDecode = true;
    } else if (marker === APP1 && startsWith(jpeg, i + 4, end, 'Exif\0\0')) {
      if (exifOrientation(jpeg.subarray(i + 10, end)) !== 1) needsDecode = true;
      dropped.push([i, end]);
    } else if (isMetadata(marker)) {
      dropped.push([i, end]);
    }
    i = end;
  }
}

/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isFrameHeader(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** APP0 (JFIF) and APP14 (Adobe: how the colour channels are encoded) are needed to decode; the other APPn and COM are not. */
function isMetadata(marker: number): boolean {
  return (marker >= APP0 && marker <= 0xef && marker !== APP0 && marker !== APP14) || marker === COM;
}

/**
 * From the first scan's data to just past EOI, or undefined if the image does not end there or
 * anything but scan data, restart markers and the tables of further scans (progressive JPEGs)
 * stands in between: a segment there could be metadata this pass does not cut.
 */
function endOfScans(jpeg: Buffer, from: number): number | undefined {
  let i = from;
  for (;;) {
    i = jpeg.indexOf(0xff, i);
    if (i < 0 || i + 1 >= jpeg.length) return undefined;
    const next = jpeg[i + 1]!;
    if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) {
      i += next === 0xff ? 1 : 2;
      continue;
    }
    if (next === EOI) return i + 2;
    // DHT, DQT, DRI and another SOS between the scans of a progressive image; anything else is refused.
    if (next !== 0xc4 && next !== 0xdb && next !== 0xdd && next !== SOS) return undefined;
    if (i + 4 > jpeg.length) return undefined;
    const end = i + 2 + jpeg.readUInt16BE(i + 2);
    if (end > jpeg.length) return undefined;
    i = end;
  }
}

function startsWith(jpeg: Buffer, start: number, end: number, text: string): boolean {
  return end - start >= text.length && jpeg.toString('latin1', start, start + text.length) === text;
}

/** The Orientation tag of IFD0 in an EXIF block (a TIFF file): 1 (upright) when absent, undefined when unreadable. */
export function exifOrientation(tiff: Buffer): number | undefined {
  if (tiff.length < 8) return undefined;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const little = order === 'II';
  const u16 = (at: number): number => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number): number => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let entry = 0; entry < count; entry++) {
    const at = ifd + 2 + entry * 12;
    if (at + 12 > tiff.length) return undefined;
    if (u16(at) === EXIF_ORIENTATION_TAG) return u16(at + 8);
  }
  return 1;
}
