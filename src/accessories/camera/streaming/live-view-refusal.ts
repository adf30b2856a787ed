/**
 * Why a stream was not started; the delegate turns it into a HAP status. A file of its own so the
 * delegate can tell a refusal without loading the streaming stack (see lazy-live-view.ts).
 */
export class LiveViewRefusal extends Error {
  override name = 'LiveViewRefusal';
  constructor(
    readonly kind: 'privacy' | 'unavailable' | 'failed',
    message: string,
  ) {
    super(message);
  }
}
