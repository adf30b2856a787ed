import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The fuzz suite's only source of randomness: a small seeded generator (mulberry32), so a run that
 * found something can be replayed exactly with `TRYGR_FUZZ_SEED=<seed>`.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, max). */
  int(max: number): number;
  /** An integer in [min, max]. */
  range(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Buffer;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number): number => Math.floor(next() * Math.max(0, max));
  return {
    next,
    int,
    range: (min, max) => min + int(max - min + 1),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from nothing');
      return items[int(items.length)]!;
    },
    bytes: (length) => Buffer.from(Array.from({ length }, () => int(256))),
  };
}

/** A stable 32-bit hash of a label, to give each part of the suite its own stream from one seed. */
function hashLabel(label: string): number {
  let hash = 2166136261;
  for (const char of label) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/** The generator for one part of the suite (`label`), from the run's seed. */
export function rngFor(seed: number, label: string): Rng {
  return createRng((seed ^ hashLabel(label)) >>> 0);
}

export const SEED_ENV = 'TRYGR_FUZZ_SEED';

/** The run's seed: `TRYGR_FUZZ_SEED` (decimal or 0x hex) when set, else a fresh one. */
export function fuzzSeed(env: Record<string, string | undefined> = process.env): { seed: number; replayed: boolean } {
  const given = env[SEED_ENV]?.trim();
  if (given) {
    const seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`${SEED_ENV} must be an integer from 0 to 4294967295, not "${given}"`);
    return { seed, replayed: true };
  }
  return { seed: Math.floor(Math.random() * 0x100000000) >>> 0, replayed: false };
}

/**
 * One seed for every fuzz file of a test run: `TRYGR_FUZZ_SEED` when set; else the first file
 * picks one and notes it with the process id in `file`, where the next files of the same process
 * (Jest --runInBand) find it. One file, overwritten by the next run: nothing piles up.
 */
export function runSeed(file: string): { seed: number; replayed: boolean } {
  const given = fuzzSeed();
  if (given.replayed) return given;
  try {
    if (existsSync(file)) {
      const [pid, seed] = readFileSync(file, 'utf8').trim().split(' ').map(Number);
      if (pid === process.pid && Number.isInteger(seed) && seed! >= 0 && seed! <= 0xffffffff) return { seed: seed!, replayed: false };
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${process.pid} ${given.seed}\n`);
  } catch {
    // No shared seed then: each file prints its own, and TRYGR_FUZZ_SEED still replays them all.
  }
  return given;
}
