import type { RawData } from 'ws';

/** A WebSocket message as text, whichever of its shapes ws delivers (a Buffer, an ArrayBuffer or fragments). */
export function frameText(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}
