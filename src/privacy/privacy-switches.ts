import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import type { PrivacySwitchesProblem } from '../config/plugin-status.js';
import { writeFileAtomically } from '../token-store/atomic-write.js';
import type { ContextTracker } from './context-tracker.js';

export interface SwitchState {
  global: boolean;
  devices: Record<string, boolean>;
}

export interface SwitchLog {
  warn(message: string): void;
}

/** A saved state, or why the text is not one (never the text itself: it may hold anything). */
export type SwitchRead = { ok: true; state: SwitchState } | { ok: false; reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a saved state. Only what `save` writes is a state: anything else cannot say which camera was private. */
export function parseSwitchState(text: string): SwitchRead {
  if (text.trim() === '') {
    return { ok: false, reason: 'the file is empty' };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the file is not valid JSON' };
  }
  if (!isRecord(raw) || typeof raw.global !== 'boolean' || !isRecord(raw.devices)) {
    return { ok: false, reason: 'the file does not hold the switch states' };
  }
  const devices: Record<string, boolean> = {};
  for (const [id, on] of Object.entries(raw.devices)) {
    if (typeof on !== 'boolean') {
      return { ok: false, reason: "a camera's switch state in the file is not true or false" };
    }
    devices[id] = on;
  }
  return { ok: true, state: { global: raw.global, devices } };
}

/**
 * The state to start with, from the file's text or the error reading it. A missing file is a fresh
 * install; anything else that cannot be read fails closed: the global switch on, every camera private.
 */
export function startingState(file: { text: string } | { errorCode: string }): { state: SwitchState; problem?: PrivacySwitchesProblem } {
  if ('errorCode' in file) {
    return file.errorCode === 'ENOENT'
      ? { state: { global: false, devices: {} } }
      : { state: { global: true, devices: {} }, problem: { failedClosed: true, reason: `the file could not be read (${file.errorCode})` } };
  }
  const read = parseSwitchState(file.text);
  return read.ok ? { state: read.state } : { state: { global: true, devices: {} }, problem: { failedClosed: true, reason: read.reason } };
}

/**
 * The HomeKit Privacy switches: one for the whole plugin and one per camera. Their state feeds the
 * gate's context at once and is saved, so a restart keeps a camera private.
 */
export class PrivacySwitches {
  private state: SwitchState = { global: false, devices: {} };
  private readonly changes = new Subject<{ deviceId?: string; on: boolean }>();
  private readonly problem = new BehaviorSubject<PrivacySwitchesProblem | undefined>(undefined);
  private saving: Promise<void> = Promise.resolve();

  /** Every change: `deviceId` undefined for the global switch. */
  readonly changes$: Observable<{ deviceId?: string; on: boolean }> = this.changes.asObservable();
  /** Set while the saved states could not be read and the switches failed closed; cleared once a save succeeds. */
  readonly loadProblem$: Observable<PrivacySwitchesProblem | undefined> = this.problem.asObservable();

  constructor(
    private readonly file: string,
    private readonly tracker: Pick<ContextTracker, 'setGlobalPrivacy' | 'setDevicePrivacy'>,
    private readonly log: SwitchLog,
  ) {}

  async load(): Promise<void> {
    const read = await readFile(this.file, 'utf8').then(
      (text) => ({ text }),
      (error: NodeJS.ErrnoException) => ({ errorCode: error.code ?? 'unknown error' }),
    );
    const { state, problem } = startingState(read);
    this.state = state;
    this.tracker.setGlobalPrivacy(state.global);
    for (const [id, on] of Object.entries(state.devices)) {
      this.tracker.setDevicePrivacy(id, on);
    }
    if (problem) {
      this.log.warn(
        `The saved Privacy switch states in ${this.file} could not be used (${problem.reason}), so every camera is private: ` +
          'the global Privacy switch is on until you turn it off in the Home app, and the file is rewritten then.',
      );
    }
    this.problem.next(problem);
  }

  get loadProblem(): PrivacySwitchesProblem | undefined {
    return this.problem.value;
  }

  get global(): boolean {
    return this.state.global;
  }

  device(id: string): boolean {
    return this.state.devices[id] ?? false;
  }

  setGlobal(on: boolean): Promise<void> {
    this.state.global = on;
    this.tracker.setGlobalPrivacy(on);
    this.changes.next({ on });
    return this.save();
  }

  setDevice(id: string, on: boolean): Promise<void> {
    this.state.devices[id] = on;
    this.tracker.setDevicePrivacy(id, on);
    this.changes.next({ deviceId: id, on });
    return this.save();
  }

  /** Writes are serialised; the gate already follows the new state before the file is written. */
  private save(): Promise<void> {
    const text = JSON.stringify(this.state, null, 2) + '\n';
    this.saving = this.saving.then(async () => {
      try {
        await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
        await writeFileAtomically(this.file, text, { mode: 0o600 });
        if (this.problem.value) this.problem.next(undefined);
      } catch (error) {
        this.log.warn(`Could not save the Privacy switches (${(error as NodeJS.ErrnoException).code ?? String(error)}); they apply until Homebridge restarts.`);
      }
    });
    return this.saving;
  }
}
