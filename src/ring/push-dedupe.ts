/**
 * Ring sometimes sends one ding twice: two FCM messages with different persistent ids (so
 * @eneris/push-receiver's own check lets both through) and the same ding id. A press must ring
 * once, so pushes are remembered by ding id for a while and a second one is dropped.
 *
 * Ding ids are unique across an account (Ring numbers events globally), so one set serves every
 * camera. It is bounded twice: by age (a duplicate follows its original within seconds; ten
 * minutes is generous) and by size (a burst of motion on many cameras must not grow it without
 * end: the oldest ids go first).
 */
export const DING_ID_MAX_AGE_MS = 10 * 60_000;
export const DING_ID_MAX_KEPT = 500;

export class RecentDingIds {
  /** Insertion order is arrival order: the first entries are the oldest. */
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly maxAgeMs = DING_ID_MAX_AGE_MS,
    private readonly maxKept = DING_ID_MAX_KEPT,
  ) {}

  /**
   * True when `id` arrived before, within the age bound: the push is a duplicate. Otherwise the
   * id is remembered and false is returned. A duplicate does not refresh the id's age, so a
   * stream of repeats cannot keep it forever.
   */
  isRepeat(id: string, now: number): boolean {
    this.forgetOld(now);
    if (this.seenAt.has(id)) return true;
    this.seenAt.set(id, now);
    while (this.seenAt.size > this.maxKept) {
      const oldest = this.seenAt.keys().next().value as string;
      this.seenAt.delete(oldest);
    }
    return false;
  }

  /** Whether `id` is remembered, without remembering it. */
  has(id: string, now: number): boolean {
    this.forgetOld(now);
    return this.seenAt.has(id);
  }

  get size(): number {
    return this.seenAt.size;
  }

  private forgetOld(now: number): void {
    for (const [id, at] of this.seenAt) {
      // A clock that went back leaves entries as they are (their age would be negative).
      if (now - at < this.maxAgeMs) break;
      this.seenAt.delete(id);
    }
  }
}
