/**
 * A 5x7 pixel font drawn straight into raw RGB buffers. Snapshots must show the camera name and a
 * counter on machines without any fonts installed (sharp's SVG text needs fontconfig fonts), so
 * the emulator draws its own glyphs.
 */

const glyphRows: Record<string, string> = {
  A: '.###. #...# #...# ##### #...# #...# #...#',
  B: '####. #...# #...# ####. #...# #...# ####.',
  C: '.###. #...# #.... #.... #.... #...# .###.',
  D: '####. #...# #...# #...# #...# #...# ####.',
  E: '##### #.... #.... ####. #.... #.... #####',
  F: '##### #.... #.... ####. #.... #.... #....',
  G: '.###. #...# #.... #.### #...# #...# .####',
  H: '#...# #...# #...# ##### #...# #...# #...#',
  I: '.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  J: '..### ...#. ...#. ...#. ...#. #..#. .##..',
  K: '#...# #..#. #.#.. ##... #.#.. #..#. #...#',
  L: '#.... #.... #.... #.... #.... #.... #####',
  M: '#...# ##.## #.#.# #.#.# #...# #...# #...#',
  N: '#...# #...# ##..# #.#.# #..## #...# #...#',
  O: '.###. #...# #...# #...# #...# #...# .###.',
  P: '####. #...# #...# ####. #.... #.... #....',
  Q: '.###. #...# #...# #...# #.#.# #..#. .##.#',
  R: '####. #...# #...# ####. #.#.. #..#. #...#',
  S: '.#### #.... #.... .###. ....# ....# ####.',
  T: '##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
  U: '#...# #...# #...# #...# #...# #...# .###.',
  V: '#...# #...# #...# #...# #...# .#.#. ..#..',
  W: '#...# #...# #...# #.#.# #.#.# #.#.# .#.#.',
  X: '#...# #...# .#.#. ..#.. .#.#. #...# #...#',
  Y: '#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..',
  Z: '##### ....# ...#. ..#.. .#... #.... #####',
  0: '.###. #...# #..## #.#.# ##..# #...# .###.',
  1: '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  2: '.###. #...# ....# ...#. ..#.. .#... #####',
  3: '##### ...#. ..#.. ...#. ....# #...# .###.',
  4: '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  5: '##### #.... ####. ....# ....# #...# .###.',
  6: '..##. .#... #.... ####. #...# #...# .###.',
  7: '##### ....# ...#. ..#.. .#... .#... .#...',
  8: '.###. #...# #...# .###. #...# #...# .###.',
  9: '.###. #...# #...# .#### ....# ...#. .##..',
  ' ': '..... ..... ..... ..... ..... ..... .....',
  '-': '..... ..... ..... ##### ..... ..... .....',
  '#': '.#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.',
  ':': '..... ..#.. ..#.. ..... ..#.. ..#.. .....',
  '.': '..... ..... ..... ..... ..... .##.. .##..',
  '/': '....# ....# ...#. ..#.. .#... #.... #....',
  '?': '.###. #...# ....# ...#. ..#.. ..... ..#..',
};

export const glyphWidth = 5;
export const glyphHeight = 7;

/** Pixel rows of a character (lower case drawn as upper case, unknown characters as "?"). */
export function glyph(char: string): boolean[][] {
  const rows = glyphRows[char.toUpperCase()] ?? glyphRows['?'];
  return rows.split(' ').map((row) => [...row].map((cell) => cell === '#'));
}

export type Rgb = readonly [number, number, number];

/** A raw, tightly packed RGB image. */
export interface RawImage {
  width: number;
  height: number;
  data: Buffer;
}

export function fillRect(image: RawImage, x: number, y: number, w: number, h: number, color: Rgb): void {
  const x0 = Math.max(0, Math.floor(x));
  const x1 = Math.min(image.width, Math.floor(x + w));
  const y0 = Math.max(0, Math.floor(y));
  const y1 = Math.min(image.height, Math.floor(y + h));
  if (x1 <= x0 || y1 <= y0) return;
  const pattern = Buffer.from(color);
  for (let row = y0; row < y1; row += 1) {
    const start = (row * image.width + x0) * 3;
    image.data.fill(pattern, start, start + (x1 - x0) * 3);
  }
}

/** Width in pixels of `text` at `scale` (one blank column between characters). */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * (glyphWidth + 1) - 1) * scale;
}

export function drawText(image: RawImage, text: string, x: number, y: number, scale: number, color: Rgb): void {
  [...text].forEach((char, index) => {
    const left = x + index * (glyphWidth + 1) * scale;
    glyph(char).forEach((row, rowIndex) =>
      row.forEach((on, column) => {
        if (on) fillRect(image, left + column * scale, y + rowIndex * scale, scale, scale, color);
      }),
    );
  });
}
