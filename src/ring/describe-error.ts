/**
 * A failed Ring request in a few words for the log: ring-client-api throws an Error with an
 * empty message and the answer's status beside it, so the status is what says what happened.
 */
export function describeError(error: unknown): string {
  const status = (error as { response?: { status?: number } })?.response?.status;
  if (status) {
    return `HTTP ${status}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  // ring-client-api's messages can embed URLs with ids; keep the first sentence only.
  return message
    .split(/[.\n]/)[0]
    .replace(/https?:\/\/\S+/g, '[url]')
    .slice(0, 120);
}

/** The whole reason a Ring command failed, for a line about that command (Ring's own advice included). */
export function commandFailure(error: unknown): string {
  const status = (error as { response?: { status?: number } })?.response?.status;
  if (status) {
    return `Ring answered HTTP ${status}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() === '' ? 'no reason was given' : message;
}
