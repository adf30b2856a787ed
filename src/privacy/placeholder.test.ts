import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { looksLikeRealGlyphs, placeholderImage, placeholderSvg } from './placeholder.js';

const run = promisify(execFile);

describe('placeholderImage', () => {
  it('draws a crossed-out camera: dark frame, light camera, red slash through the middle', async () => {
    const size = { width: 640, height: 360 };
    const { data, info } = await sharp(await placeholderImage({ ...size, label: '' }))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([640, 360]);
    const at = (x: number, y: number): number[] => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    let red = 0;
    let light = 0;
    for (let i = 0; i < data.length; i += 3) {
      if (data[i]! > 200 && data[i + 1]! < 110 && data[i + 2]! < 110) red++;
      if (data[i]! > 200 && data[i + 1]! > 200 && data[i + 2]! > 200) light++;
    }
    expect(red).toBeGreaterThan(2000);
    expect(light).toBeGreaterThan(2000);
    expect(Math.max(...at(5, 5))).toBeLessThan(60);
    const centre = at(320, 180);
    expect(centre[0]).toBeGreaterThan(200); // the slash crosses the centre
    expect(centre[1]).toBeLessThan(110);
  });

  it('is rendered per size and cached', async () => {
    const a = await placeholderImage({ width: 320, height: 180 });
    const b = await placeholderImage({ width: 1280, height: 720 });
    expect(a.equals(b)).toBe(false);
    expect((await sharp(b).metadata()).width).toBe(1280);
    expect(await placeholderImage({ width: 320, height: 180 })).toBe(a);
  });

  it('refuses impossible sizes', async () => {
    await expect(placeholderImage({ width: 10_000, height: 10 })).rejects.toThrow(RangeError);
  });
});

describe('placeholderSvg', () => {
  it('escapes the label and leaves text out when there is none', () => {
    const withLabel = placeholderSvg(640, 360, "Tom & Jerry's <room>");
    expect(withLabel).toContain('Tom &#38; Jerry&#39;s &#60;room&#62;');
    expect(withLabel).not.toContain('<room>');
    expect(placeholderSvg(640, 360, undefined)).not.toContain('<text');
  });

  it('shrinks a long label to fit the width', () => {
    const svg = placeholderSvg(320, 180, 'A very long camera name here');
    const fontSize = Number(/font-size="(\d+)"/.exec(svg)![1]);
    expect(fontSize * 0.62 * 28).toBeLessThanOrEqual(320 * 0.9);
  });
});

describe('text detection', () => {
  it('tells real glyphs from same-width "missing glyph" boxes', () => {
    expect(looksLikeRealGlyphs(11, 39)).toBe(true);
    expect(looksLikeRealGlyphs(38, 38)).toBe(false);
    expect(looksLikeRealGlyphs(0, 0)).toBe(false);
  });

  it('a system without fonts draws boxes that the check rejects', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trygr-nofonts-'));
    try {
      const config = join(dir, 'fonts.conf');
      await writeFile(config, `<?xml version="1.0"?><fontconfig><dir>${join(dir, 'none')}</dir><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>`);
      const script =
        "import sharp from 'sharp';" +
        'const w = async (t) => (await sharp({ text: { text: t, dpi: 72 } }).png().toBuffer({ resolveWithObject: true })).info.width;' +
        "console.log(JSON.stringify([await w('iiii'), await w('MMMM')]));";
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: process.cwd(),
        env: { ...process.env, FONTCONFIG_FILE: config },
        timeout: 30_000,
      });
      const [narrow, wide] = JSON.parse(stdout) as [number, number];
      expect(looksLikeRealGlyphs(narrow, wide)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
