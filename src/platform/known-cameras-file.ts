import { readFile } from 'node:fs/promises';
import type { Logging } from 'homebridge';
import { writePrivateText } from '../config/private-files.js';
import { cameraListText, readCameraList, type CameraRecord } from '../ring/known-cameras/camera-record.js';

/**
 * The cameras of the last connection (plugin-files.ts `camerasFile`). A missing or unreadable list
 * only means the cameras wait for Ring, as they did before the list existed; it is never fatal.
 */
export async function readKnownCameras(file: string, log: Pick<Logging, 'warn'>): Promise<CameraRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.warn(
        `The list of cameras from the last connection could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); the cameras appear once Ring answers.`,
      );
    }
    return [];
  }
  const { cameras, problem } = readCameraList(text);
  if (problem)
    log.warn(
      `The list of cameras from the last connection (${file}) was ignored${cameras.length > 0 ? ' in part' : ''}: ${problem}. Those cameras appear once Ring answers.`,
    );
  return cameras;
}

/** Saves each connection's cameras when they differ from what is saved; a failed save is said once and tried again next time. */
export class KnownCamerasWriter {
  private saved?: string;
  private warned = false;

  constructor(
    private readonly file: string,
    private readonly log: Pick<Logging, 'warn'>,
  ) {}

  /** Resolves when the list is on disk (or the save failed and was said). */
  async save(records: readonly CameraRecord[]): Promise<void> {
    const text = cameraListText(records);
    if (text === this.saved) return;
    try {
      if (this.saved === undefined && (await readFile(this.file, 'utf8').catch(() => undefined)) === text) {
        this.saved = text;
        return;
      }
      await writePrivateText(this.file, text);
      this.saved = text;
      this.warned = false;
    } catch (error) {
      if (!this.warned) {
        this.warned = true;
        this.log.warn(
          `The list of cameras could not be saved to ${this.file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); after a restart the cameras appear once Ring answers.`,
        );
      }
    }
  }
}
