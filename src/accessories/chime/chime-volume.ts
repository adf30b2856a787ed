/** Ring chimes take volume 0–11; HomeKit's Volume is a percentage. */
export const RING_MAX_VOLUME = 11;

export function toHomeKitVolume(ring: number): number {
  return Math.round((Math.max(0, Math.min(RING_MAX_VOLUME, ring)) / RING_MAX_VOLUME) * 100);
}

export function toRingVolume(percent: number): number {
  return Math.round((Math.max(0, Math.min(100, percent)) / 100) * RING_MAX_VOLUME);
}
