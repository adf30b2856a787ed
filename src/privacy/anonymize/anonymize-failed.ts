import type { AnonymizeFailure } from '../types.js';

/**
 * Anonymizing could not be done for a picture, and why (the detector not installed, failing, or
 * too slow): the renderer answers with the privacy placeholder and the audit records the reason.
 * Small and free of the detector, so the renderer can recognise it without loading TensorFlow.
 */
export class AnonymizeFailed extends Error {
  override readonly name = 'AnonymizeFailed';
  constructor(
    readonly reason: AnonymizeFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
