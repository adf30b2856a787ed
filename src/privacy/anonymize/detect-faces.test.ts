/**
 * The detector on real photographs (face-api's demo pictures, faces labelled by hand in
 * face-fixtures.json), and its failures: each must reject, never answer "no faces".
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Zone } from '../types.js';
import { coverRegions } from './cover-regions.js';
import { closeFaceDetectors, detectFaces, FaceDetectionError, loadFaceDetector, type RawSnapshot } from './detect-faces.js';

interface Fixtures {
  readonly images: readonly { readonly image: string; readonly faces: readonly Zone[] }[];
}

const fixtures = JSON.parse(readFileSync(new URL('./face-fixtures.json', import.meta.url), 'utf8')) as Fixtures;
const require = createRequire(import.meta.url);
/** Generous: CI shares two cores; the budget itself is measured by the benchmark, not here. */
const TIMEOUT_MS = 10_000;

/** A photograph decoded as the snapshot path does: at most 1280 wide, packed RGB. */
async function snapshot(file: string, width = 1280): Promise<RawSnapshot> {
  const { data, info } = await sharp(file).resize({ width, withoutEnlargement: true }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** Share of `box` inside the union of `zones`, by sampling a 50×50 grid over it. */
function covered(box: Zone, zones: readonly Zone[]): number {
  let inside = 0;
  const n = 50;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = box.x + ((i + 0.5) / n) * box.w;
      const y = box.y + ((j + 0.5) / n) * box.h;
      if (zones.some((z) => x >= z.x && x <= z.x + z.w && y >= z.y && y <= z.y + z.h)) inside++;
    }
  }
  return inside / (n * n);
}

async function rejection(promise: Promise<unknown>): Promise<FaceDetectionError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FaceDetectionError);
  return error as FaceDetectionError;
}

afterAll(async () => {
  await closeFaceDetectors();
});

describe('detectFaces on labelled photographs', () => {
  for (const { image, faces } of fixtures.images) {
    test(`${path.basename(image)}: the widened boxes cover at least 90 % of each of its ${faces.length} labelled faces`, async () => {
      const raw = await snapshot(require.resolve(image));
      const found = await detectFaces(raw, { timeoutMs: TIMEOUT_MS });
      for (const box of found) {
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.w).toBeLessThanOrEqual(1 + 1e-9);
        expect(box.y + box.h).toBeLessThanOrEqual(1 + 1e-9);
        expect(box.score).toBeGreaterThan(0.3);
      }
      const zones = coverRegions(found, 'faces');
      const shares = faces.map((face) => covered(face, zones));
      expect(shares.map((share) => share >= 0.9)).toEqual(faces.map(() => true));
    });
  }

  test('finds the same faces in a smaller snapshot (640 wide)', async () => {
    const [{ image, faces }] = fixtures.images;
    const found = await detectFaces(await snapshot(require.resolve(image), 640), { timeoutMs: TIMEOUT_MS });
    const zones = coverRegions(found, 'faces');
    for (const face of faces) expect(covered(face, zones)).toBeGreaterThanOrEqual(0.9);
  });

  test('finds no face in a plain picture', async () => {
    const raw: RawSnapshot = { data: Buffer.alloc(1280 * 720 * 3, 128), width: 1280, height: 720, channels: 3 };
    expect(await detectFaces(raw, { timeoutMs: TIMEOUT_MS })).toEqual([]);
  });
});

describe('detectFaces fails closed', () => {
  const plain: RawSnapshot = { data: Buffer.alloc(64 * 48 * 3), width: 64, height: 48, channels: 3 };

  test('a timeout of 0 ms rejects', async () => {
    const error = await rejection(detectFaces(plain, { timeoutMs: 0 }));
    expect(error.reason).toBe('timeout');
  });

  test('an absent model folder rejects as unavailable', async () => {
    const missing = path.join(tmpdir(), 'trygr-no-such-model-folder');
    expect((await rejection(loadFaceDetector({ modelDir: missing }))).reason).toBe('unavailable');
    expect((await rejection(detectFaces(plain, { modelDir: missing, timeoutMs: TIMEOUT_MS }))).reason).toBe('unavailable');
  });

  test('a broken model rejects as an error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trygr-broken-model-'));
    try {
      const real = path.dirname(require.resolve('@vladmandic/face-api/package.json'));
      const manifest = readFileSync(path.join(real, 'model', 'tiny_face_detector_model-weights_manifest.json'));
      writeFileSync(path.join(dir, 'tiny_face_detector_model-weights_manifest.json'), manifest);
      // The weights file cut short: the model cannot be read.
      writeFileSync(path.join(dir, 'tiny_face_detector_model.bin'), readFileSync(path.join(real, 'model', 'tiny_face_detector_model.bin')).subarray(0, 1000));
      expect((await rejection(detectFaces(plain, { modelDir: dir, timeoutMs: TIMEOUT_MS }))).reason).toBe('error');

      writeFileSync(path.join(dir, 'tiny_face_detector_model-weights_manifest.json'), 'not json');
      expect((await rejection(loadFaceDetector({ modelDir: dir }))).reason).toBe('error');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a picture that is not packed RGB of its size rejects', async () => {
    const short: RawSnapshot = { data: Buffer.alloc(10), width: 64, height: 48, channels: 3 };
    expect((await rejection(detectFaces(short))).reason).toBe('error');
  });

  test('bad options reject', async () => {
    expect((await rejection(detectFaces(plain, { timeoutMs: -1 }))).reason).toBe('error');
    expect((await rejection(detectFaces(plain, { timeoutMs: Number.NaN }))).reason).toBe('error');
    expect((await rejection(detectFaces(plain, { inputSize: 500 }))).reason).toBe('error');
    expect((await rejection(detectFaces(plain, { scoreThreshold: 1 }))).reason).toBe('error');
  });

  test('a closed detector rejects its callers, and the next call starts a new one', async () => {
    const detector = await loadFaceDetector();
    await detector.close();
    await rejection(detector.run({ data: new Float32Array(64 * 64 * 3), size: 64, width: 64, height: 64 }));
    expect(await detectFaces(plain, { timeoutMs: TIMEOUT_MS })).toEqual([]);
  });
});
