import { readFile } from 'node:fs/promises';
import type { Logging } from 'homebridge';
import { writePrivateText } from '../config/private-files.js';
import { cameraListText, readCameraList, type CameraRecord } from '../ring/known-cameras/camera-record.js';

/**
 * The cameras of the last connection (plugin-files.ts `camerasFile`): read once at start, saved
 * after each connection. A missing or unreadable list only means the cameras wait for Ring, as they
 * did before the list existed; it is never fatal.
 */
export class KnownCamerasFile {
  /** The text on disk as far as this start knows: what `read` found, then each save. */
  private onDisk?: string;
  private warned = false;

  constructor(
    private readonly file: string,
    private readonly log: Pick<Logging, 'warn'>,
  ) {}

  async read(): Promise<CameraRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log.warn(
          `The list of cameras from the last connection could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); the cameras appear once Ring answers.`,
        );
      }
      return [];
    }
    this.onDisk = text;
    const { cameras, problem } = readCameraList(text);
    if (problem)
      this.log.warn(
        `The list of cameras from the last connection (${this.file}) was ignored${cameras.length > 0 ? ' in part' : ''}: ${problem}. Those cameras appear once Ring answers.`,
      );
    return cameras;
  }

  /**
   * Writes the list when it differs from what is on disk, so that an unchanged home (every start
   * after the first) writes nothing. A failed save is said once and tried again next time.
   * Resolves when the list is on disk or the failure was said.
   */
  async save(records: readonly CameraRecord[]): Promise<void> {
    const text = cameraListText(records);
    if (text === this.onDisk) return;
    try {
      await writePrivateText(this.file, text);
      this.onDisk = text;
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
