/**
 * A press within the window after the last forwarded press is the same visitor pressing again;
 * HomeKit would otherwise send a notification per press.
 */
export function isRepeatPress(lastForwardedAt: number | undefined, now: number, windowSeconds: number): boolean {
  return lastForwardedAt !== undefined && now - lastForwardedAt < windowSeconds * 1000;
}
