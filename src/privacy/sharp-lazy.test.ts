import { describe, expect, it, jest } from '@jest/globals';

// A system where libvips cannot load: sharp's import throws, as it does when its native part is missing.
jest.unstable_mockModule('sharp', () => {
  throw new Error('libvips-cpp.so.42: cannot open shared object file');
});

const { loadSharp } = await import('./sharp-lazy.js');
const { placeholderImage } = await import('./placeholder.js');
const { renderSnapshot } = await import('./redact.js');

const size = { width: 640, height: 360 };

describe('sharp that cannot load', () => {
  it('fails each use with a message naming it, from one load attempt', async () => {
    expect(loadSharp()).toBe(loadSharp());
    await expect(loadSharp()).rejects.toThrow(/image library \(sharp\) could not be loaded: .*libvips-cpp/);
  });

  it('fails image paths closed: an error, never the camera picture', async () => {
    await expect(placeholderImage(size)).rejects.toThrow(/sharp/);
    await expect(renderSnapshot(Buffer.from('not a JPEG'), { kind: 'placeholder' }, size)).rejects.toThrow(/sharp/);
    const errors: unknown[] = [];
    const original = renderSnapshot(Buffer.from('not a JPEG'), { kind: 'original' }, size, { onError: (error) => errors.push(error) });
    await expect(original).rejects.toThrow(/sharp/);
    expect(errors).toHaveLength(1);
    await expect(renderSnapshot(Buffer.from('not a JPEG'), { kind: 'redacted', redactions: [{ method: 'mask' }] }, size)).rejects.toThrow(/sharp/);
  });
});
