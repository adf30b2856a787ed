/**
 * The image HomeKit gets instead of a private camera's view: a crossed-out camera drawn with SVG
 * shapes (no fonts needed), plus a short label when this system can render text. Its bytes depend
 * only on the size and label, never on any camera image; each is rendered once and cached.
 */
import { loadSharp } from './sharp-lazy.js';

export interface PlaceholderOptions {
  readonly width: number;
  readonly height: number;
  /** Text under the icon; default "Private", '' for none. Drawn only when fonts render. */
  readonly label?: string;
}

const DEFAULT_LABEL = 'Private';
const BACKGROUND = '#202124';
const INK = '#e8eaed';
const SLASH = '#ff453a';
const JPEG_QUALITY = 85;
const MAX_CACHED = 16;

const cache = new Map<string, Promise<Buffer>>();

export async function placeholderImage(options: PlaceholderOptions): Promise<Buffer> {
  assertImageSize(options.width, options.height);
  const label = (options.label ?? DEFAULT_LABEL).slice(0, 40);
  const key = `${options.width}x${options.height}|${label}`;
  let image = cache.get(key);
  if (!image) {
    image = renderPlaceholder(options.width, options.height, label);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, image);
    image.catch(() => cache.delete(key));
  }
  return image;
}

async function renderPlaceholder(width: number, height: number, label: string): Promise<Buffer> {
  const drawLabel = label !== '' && (await canRenderText());
  const svg = placeholderSvg(width, height, drawLabel ? label : undefined);
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg)).flatten({ background: BACKGROUND }).jpeg({ quality: JPEG_QUALITY }).toBuffer();
}

/** The placeholder drawing; pure, so the layout is testable without rendering. */
export function placeholderSvg(width: number, height: number, label: string | undefined): string {
  const fontSize = label ? Math.max(10, Math.min(Math.round(height * 0.08), Math.floor((width * 0.9) / (0.62 * label.length)))) : 0;
  const labelSpace = label ? fontSize * 1.8 : 0;
  const icon = Math.max(8, Math.min(width * 0.45, (height - labelSpace) * 0.6));
  const left = (width - icon) / 2;
  const top = (height - icon - labelSpace) / 2;
  const scale = icon / 100;
  const text = label
    ? `<text x="${width / 2}" y="${top + icon + fontSize * 1.4}" font-family="sans-serif" font-size="${fontSize}" ` +
      `font-weight="bold" fill="${INK}" text-anchor="middle">${escapeXml(label)}</text>`
    : '';
  // A camera (body + lens) in a 100×100 box, struck through by a red bar with a dark gap around it.
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="${BACKGROUND}"/>` +
    `<g transform="translate(${left} ${top}) scale(${scale})" stroke-linecap="round" stroke-linejoin="round" fill="none">` +
    `<rect x="8" y="30" width="58" height="40" rx="8" stroke="${INK}" stroke-width="7"/>` +
    `<path d="M66 44 L90 31 L90 69 L66 56 Z" stroke="${INK}" stroke-width="7"/>` +
    `<line x1="10" y1="10" x2="90" y2="90" stroke="${BACKGROUND}" stroke-width="20"/>` +
    `<line x1="10" y1="10" x2="90" y2="90" stroke="${SLASH}" stroke-width="9"/>` +
    `</g>${text}</svg>`
  );
}

let textProbe: Promise<boolean> | undefined;

/**
 * Whether text renders with real glyphs. Without fonts, Pango draws same-width "missing glyph"
 * boxes, so a narrow and a wide string come out equally wide.
 */
export function canRenderText(): Promise<boolean> {
  textProbe ??= Promise.all([textWidth('iiii'), textWidth('MMMM')])
    .then(([narrow, wide]) => looksLikeRealGlyphs(narrow, wide))
    .catch(() => false);
  return textProbe;
}

export function looksLikeRealGlyphs(narrowWidth: number, wideWidth: number): boolean {
  return narrowWidth > 0 && wideWidth > narrowWidth * 1.5;
}

async function textWidth(text: string): Promise<number> {
  const sharp = await loadSharp();
  const { info } = await sharp({ text: { text, dpi: 72 } })
    .png()
    .toBuffer({ resolveWithObject: true });
  return info.width;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** HomeKit asks for sizes like 640×360 or 1920×1080; anything outside this is a caller bug. */
export function assertImageSize(width: number, height: number): void {
  const ok = (n: number): boolean => Number.isInteger(n) && n >= 16 && n <= 4096;
  if (!ok(width) || !ok(height)) throw new RangeError(`Image size ${width}x${height} is outside 16..4096 pixels.`);
}
