/**
 * Settles with the promise, or rejects after `ms`; a late rejection of the promise is absorbed.
 * Ring commands may never be confirmed, and HAP gives up on a write after 10 s: an accessory
 * answers before that, with an error the Home app shows.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** How long a HomeKit write waits for Ring to confirm a command (HAP's own limit is 10 s). */
export const RING_COMMAND_TIMEOUT_MS = 9_000;
