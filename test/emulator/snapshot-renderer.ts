/**
 * Renders a camera "snapshot": a 1280x720 JPEG (with EXIF naming the camera's serial and place) with the camera's name and id as a visible label and
 * a large frame counter, so a test (or a person looking at the Home app) can tell a fresh snapshot
 * from a stale one. The background is a per-camera colour gradient; drawing is plain row fills
 * into a raw buffer, so only the JPEG encode costs noticeable time.
 */
import sharp from 'sharp';
import { drawText, fillRect, textWidth, type RawImage, type Rgb } from './pixel-font.js';

export const snapshotWidth = 1280;
export const snapshotHeight = 720;
/** Starts the device serial written into every snapshot's EXIF block. */
export const SNAPSHOT_SERIAL_PREFIX = 'serial RING-SN-';

export interface SnapshotLabel {
  cameraId: number;
  cameraName: string;
  counter: number;
  /** Epoch ms shown as the image's clock. */
  time: number;
  /** Extra tag, e.g. the detection type for an event snapshot. */
  caption?: string;
}

/** A stable hue per camera so cameras are told apart at a glance. */
function baseColor(cameraId: number): Rgb {
  const hue = (cameraId * 47) % 360;
  const sector = Math.floor(hue / 60);
  const f = (hue % 60) / 60;
  const [hi, lo] = [150, 40];
  const mid = Math.round(lo + (hi - lo) * f);
  const midDown = Math.round(hi - (hi - lo) * f);
  const table: Rgb[] = [
    [hi, mid, lo],
    [midDown, hi, lo],
    [lo, hi, mid],
    [lo, midDown, hi],
    [mid, lo, hi],
    [hi, lo, midDown],
  ];
  return table[sector];
}

function drawBackground(image: RawImage, cameraId: number): void {
  const [r, g, b] = baseColor(cameraId);
  for (let row = 0; row < image.height; row += 1) {
    const shade = 1 - (row / image.height) * 0.6;
    fillRect(image, 0, row, image.width, 1, [Math.round(r * shade), Math.round(g * shade), Math.round(b * shade)]);
  }
  // a simple "scene" so the picture is not a flat gradient: ground and a house outline
  fillRect(image, 0, image.height * 0.78, image.width, image.height * 0.22, [40, 60, 35]);
  fillRect(image, 880, 330, 300, 230, [90, 80, 70]);
  fillRect(image, 990, 440, 80, 120, [50, 40, 30]);
}

function clock(time: number): string {
  const date = new Date(time);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/** The raw pixels of a snapshot (exposed for tests that check the label is really drawn). */
export function renderSnapshotPixels(label: SnapshotLabel): RawImage {
  const image: RawImage = { width: snapshotWidth, height: snapshotHeight, data: Buffer.alloc(snapshotWidth * snapshotHeight * 3) };
  drawBackground(image, label.cameraId);
  const white: Rgb = [255, 255, 255];
  const black: Rgb = [0, 0, 0];
  fillRect(image, 0, 0, image.width, 96, black);
  drawText(image, label.cameraName.slice(0, 30), 24, 20, 8, white);
  drawText(image, `CAM ${label.cameraId}`, 24, 100 + 10, 4, white);
  const counterText = `#${String(label.counter).padStart(6, '0')}`;
  const counterScale = 16;
  const counterX = 60;
  const counterY = 260;
  fillRect(image, counterX - 20, counterY - 20, textWidth(counterText, counterScale) + 40, 7 * counterScale + 40, black);
  drawText(image, counterText, counterX, counterY, counterScale, [255, 220, 0]);
  drawText(image, clock(label.time), 60, 440, 6, white);
  if (label.caption) drawText(image, label.caption.slice(0, 24), 60, 500, 6, [255, 120, 120]);
  return image;
}

export async function renderSnapshotJpeg(label: SnapshotLabel): Promise<Buffer> {
  const image = renderSnapshotPixels(label);
  // Metadata a camera could write (its serial, where it hangs, when): the plugin must never pass it on.
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .withExif({ IFD0: { Make: 'Ring', Model: label.cameraName, ImageDescription: `${SNAPSHOT_SERIAL_PREFIX}${label.cameraId} at 51.5007N 0.1246W` } })
    .jpeg({ quality: 75 })
    .toBuffer();
}
