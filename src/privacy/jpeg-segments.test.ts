import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import sharp, { type Sharp } from 'sharp';
import { exifOrientation, jpegFrameSize, stripJpegMetadata } from './jpeg-segments.js';

const LIMITS = { maxPixels: 40_000_000 };
const WIDTH = 320;
const HEIGHT = 180;

function pixels(): Buffer {
  const data = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 5) * 13) & 0xff;
  return data;
}

function image(): Sharp {
  return sharp(pixels(), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } });
}

function segment(marker: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([header, body]);
}

/** Start offsets of the segments between SOI and the first SOS (where a segment may be inserted). */
function segmentStarts(jpeg: Buffer): number[] {
  const starts: number[] = [];
  let i = 2;
  while (jpeg[i + 1] !== 0xda) {
    starts.push(i);
    i += 2 + jpeg.readUInt16BE(i + 2);
  }
  starts.push(i);
  return starts;
}

function insertAt(jpeg: Buffer, at: number, extra: Buffer): Buffer {
  return Buffer.concat([jpeg.subarray(0, at), extra, jpeg.subarray(at)]);
}

async function raw(jpeg: Buffer): Promise<Buffer> {
  return sharp(jpeg).raw().toBuffer();
}

/** A TIFF block with one IFD0 entry: the Orientation tag. */
function tiffWithOrientation(value: number, order: 'II' | 'MM' = 'II'): Buffer {
  const tiff = Buffer.alloc(26);
  const little = order === 'II';
  tiff.write(order, 0, 'latin1');
  const u16 = (v: number, at: number): number => (little ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
  const u32 = (v: number, at: number): number => (little ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
  u16(42, 2);
  u32(8, 4);
  u16(1, 8);
  u16(0x0112, 10);
  u16(3, 12); // SHORT
  u32(1, 14);
  u16(value, 18);
  return tiff;
}

describe('stripJpegMetadata', () => {
  let clean: Buffer;
  let withMetadata: Buffer;
  beforeAll(async () => {
    clean = await image().jpeg({ quality: 80 }).toBuffer();
    const tagged = await image()
      .withExif({ IFD0: { Make: 'Ring', ImageDescription: 'secret-serial at 51.5N' } })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/">secret-xmp</x:xmpmeta>')
      .jpeg({ quality: 80 })
      .toBuffer();
    // A comment and an IPTC block as well, which sharp does not write.
    withMetadata = insertAt(insertAt(tagged, 2, segment(0xfe, 'secret-comment')), 2, segment(0xed, 'Photoshop 3.0\0secret-iptc'));
  });

  it('cuts EXIF, XMP, IPTC and comments, and the picture decodes to exactly the same pixels', async () => {
    expect(withMetadata.includes('secret')).toBe(true);
    const stripped = stripJpegMetadata(withMetadata, LIMITS)!;
    expect(stripped).toBeDefined();
    expect(stripped.includes('secret')).toBe(false);
    const meta = await sharp(stripped).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif, meta.xmp, meta.iptc, meta.comments]).toEqual([
      'jpeg',
      WIDTH,
      HEIGHT,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect((await raw(stripped)).equals(await raw(withMetadata))).toBe(true);
  });

  it('passes a JPEG with nothing to cut through as the same buffer, and a progressive one too', async () => {
    expect(stripJpegMetadata(clean, LIMITS)).toBe(clean);
    const progressive = await image().jpeg({ progressive: true }).toBuffer();
    const tagged = insertAt(progressive, 2, segment(0xfe, 'secret-comment'));
    const stripped = stripJpegMetadata(tagged, LIMITS)!;
    expect(stripped.equals(progressive)).toBe(true);
  });

  it('cuts bytes after the end of the image', () => {
    const trailer = Buffer.concat([clean, Buffer.from('secret trailer')]);
    expect(stripJpegMetadata(trailer, LIMITS)!.equals(clean)).toBe(true);
  });

  it('keeps an upright EXIF orientation out, but leaves a rotation or a colour profile to the decoder', async () => {
    const upright = insertAt(clean, 2, segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiffWithOrientation(1)])));
    expect(stripJpegMetadata(upright, LIMITS)!.equals(clean)).toBe(true);
    const rotated = insertAt(clean, 2, segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiffWithOrientation(6, 'MM')])));
    expect(stripJpegMetadata(rotated, LIMITS)).toBeUndefined();
    const unreadableExif = insertAt(clean, 2, segment(0xe1, 'Exif\0\0MM'));
    expect(stripJpegMetadata(unreadableExif, LIMITS)).toBeUndefined();
    const profiled = await image().withIccProfile('p3').jpeg().toBuffer();
    expect(stripJpegMetadata(profiled, LIMITS)).toBeUndefined();
  });

  it('leaves anything incomplete, odd or too large to the decoder', () => {
    const arithmetic = Buffer.from(clean);
    const sof = arithmetic.indexOf(Buffer.from([0xff, 0xc0]));
    arithmetic[sof + 1] = 0xc9;
    const segmentBetweenScans = insertAt(clean, clean.length - 2, segment(0xe1, 'late metadata'));
    for (const input of [
      Buffer.from('not a jpeg'),
      clean.subarray(0, clean.length - 2), // no EOI
      clean.subarray(0, 600), // cut inside the scan
      clean.subarray(0, segmentStarts(clean).at(-1)! + 3), // cut inside the SOS header
      arithmetic,
      segmentBetweenScans,
    ]) {
      expect(stripJpegMetadata(input, LIMITS)).toBeUndefined();
    }
    expect(stripJpegMetadata(clean, { maxPixels: WIDTH * HEIGHT - 1 })).toBeUndefined();
  });

  it('property: metadata segments inserted anywhere among the headers are all cut, giving back the clean file', () => {
    const metadataMarker = fc.constantFrom(...[0xe1, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xef, 0xfe]);
    const inserted = fc.array(fc.record({ marker: metadataMarker, payload: fc.uint8Array({ maxLength: 300 }), slot: fc.nat() }), { maxLength: 6 });
    const starts = segmentStarts(clean);
    fc.assert(
      fc.property(inserted, (segments) => {
        let jpeg = clean;
        // From the last offset backwards, so earlier offsets stay valid.
        const placed = segments.map((s) => ({ at: starts[s.slot % starts.length]!, bytes: segment(s.marker, Buffer.from(s.payload)) })).sort((a, b) => b.at - a.at);
        for (const { at, bytes } of placed) jpeg = insertAt(jpeg, at, bytes);
        const stripped = stripJpegMetadata(jpeg, LIMITS);
        // An APP1 whose random payload happens to start like EXIF may be refused; nothing else may.
        if (stripped === undefined) return segments.some((s) => s.marker === 0xe1 && Buffer.from(s.payload).toString('latin1').startsWith('Exif\0\0'));
        return stripped.equals(clean);
      }),
      { seed: 1612, numRuns: 300 },
    );
  });

  it('property: damaged input never throws, and whatever passes is complete and has nothing left to cut', () => {
    const damage = fc.record({
      cut: fc.option(fc.nat(), { nil: undefined }),
      flips: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }),
    });
    fc.assert(
      fc.property(damage, ({ cut, flips }) => {
        const input = Buffer.from(withMetadata.subarray(0, cut === undefined ? withMetadata.length : cut % withMetadata.length));
        for (const { at, value } of flips) if (input.length > 0) input[at % input.length] = value;
        const stripped = stripJpegMetadata(input, LIMITS);
        if (stripped === undefined) return true;
        return stripped[0] === 0xff && stripped[1] === 0xd8 && stripped.at(-2) === 0xff && stripped.at(-1) === 0xd9 && stripJpegMetadata(stripped, LIMITS) === stripped;
      }),
      { seed: 1613, numRuns: 500 },
    );
  });
});

describe('exifOrientation', () => {
  it.each([
    ['little-endian, rotated', tiffWithOrientation(6, 'II'), 6],
    ['big-endian, upright', tiffWithOrientation(1, 'MM'), 1],
    [
      'no orientation tag: upright',
      (() => {
        const tiff = tiffWithOrientation(8);
        tiff.writeUInt16LE(0x010f, 10); // Make instead
        return tiff;
      })(),
      1,
    ],
    ['not TIFF', Buffer.from('XXXXXXXXXXXX'), undefined],
    ['IFD past the end', Buffer.from('II*\0\xff\0\0\0', 'latin1'), undefined],
    ['entries cut off', tiffWithOrientation(6).subarray(0, 16), undefined],
  ] as [string, Buffer, number | undefined][])('%s', (_label, tiff, expected) => {
    expect(exifOrientation(tiff)).toBe(expected);
  });
});

describe('jpegFrameSize', () => {
  it('reads the frame header past metadata segments, baseline or progressive, even with the scan cut short', async () => {
    const tagged = await image()
      .withExif({ IFD0: { Make: 'Ring' } })
      .withIccProfile('p3')
      .jpeg()
      .toBuffer();
    const progressive = await image().jpeg({ progressive: true }).toBuffer();
    for (const jpeg of [tagged, progressive, tagged.subarray(0, segmentStarts(tagged).at(-1)! + 20)]) {
      expect(jpegFrameSize(jpeg)).toEqual({ width: WIDTH, height: HEIGHT });
    }
  });

  it('gives up on anything else', async () => {
    const jpeg = await image().jpeg().toBuffer();
    expect(jpegFrameSize(Buffer.from('not a jpeg'))).toBeUndefined();
    expect(jpegFrameSize(jpeg.subarray(0, 20))).toBeUndefined();
    expect(jpegFrameSize(await sharp(jpeg).png().toBuffer())).toBeUndefined();
  });
});
