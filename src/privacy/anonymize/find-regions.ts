/**
 * Between the renderer and the face detector: which areas of a picture an anonymizing redaction
 * treats, or why it cannot say. The detector is loaded only here, with a dynamic import, so a
 * home without an `anonymize` rule never loads TensorFlow or the model.
 *
 * Failing closed: anything short of an answer (the detector not installed, throwing, or slower
 * than the bound) is an AnonymizeFailed with the reason, and the renderer sends the placeholder.
 * "No faces" is only ever the detector's answer, never a stand-in for one.
 */
import type { RawImage } from '../redact-pixels.js';
import type { AnonymizeTarget, Zone } from '../types.js';
import { AnonymizeFailed } from './anonymize-failed.js';
import { coverRegions } from './cover-regions.js';

export { AnonymizeFailed };

/** Finds faces in a decoded picture: boxes in fractions of it. Rejects when it cannot look. */
export type FaceFinder = (image: RawImage, timeoutMs: number) => Promise<readonly Zone[]>;

/**
 * The bound on finding faces in one picture, the detector's first load included (a worker, the
 * WebAssembly module and the weights). A picture is a snapshot HomeKit waits for, not an event:
 * events go out first and never wait for it.
 */
export const ANONYMIZE_TIMEOUT_MS = 2_500;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The shipped detector (detect-faces.ts), loaded on first use. */
export const findFacesWithModel: FaceFinder = async (image, timeoutMs) => {
  let detector: typeof import('./detect-faces.js');
  try {
    detector = await import('./detect-faces.js');
  } catch (error) {
    throw new AnonymizeFailed('unavailable', `the face detector could not be loaded: ${describe(error)}`, { cause: error });
  }
  try {
    return await detector.detectFaces({ data: image.data, width: image.width, height: image.height, channels: 3 }, { timeoutMs });
  } catch (error) {
    throw error instanceof AnonymizeFailed ? error : new AnonymizeFailed('error', `faces could not be found: ${describe(error)}`, { cause: error });
  }
};

/**
 * The areas to treat for each target, in fractions of `image`: the detector's faces widened to
 * the head (or grown to the body for `persons`). Bounded by `timeoutMs` whatever the finder does.
 */
export async function anonymizeZones(
  image: RawImage,
  targets: readonly AnonymizeTarget[],
  find: FaceFinder = findFacesWithModel,
  timeoutMs: number = ANONYMIZE_TIMEOUT_MS,
): Promise<Map<AnonymizeTarget, Zone[]>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AnonymizeFailed('timeout', `no answer from the face detector within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const faces = await Promise.race([
      Promise.resolve()
        .then(() => find(image, timeoutMs))
        .catch((error: unknown) => {
          throw error instanceof AnonymizeFailed ? error : new AnonymizeFailed('error', `faces could not be found: ${describe(error)}`, { cause: error });
        }),
      late,
    ]);
    if (!Array.isArray(faces)) throw new AnonymizeFailed('error', 'the face detector gave no list of faces');
    return new Map(targets.map((target) => [target, coverRegions(faces, target)]));
  } finally {
    clearTimeout(timer);
  }
}
