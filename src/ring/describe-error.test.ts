import { describe, expect, test } from '@jest/globals';
import { commandFailure, describeError } from './describe-error.js';

/** ring-client-api's failed request: an Error with no message and the answer beside it (rest-client.js `responseToError`). */
const ringHttpError = (status: number) => Object.assign(new Error(), { response: { status, headers: {}, body: null } });

describe('describing a failed Ring request', () => {
  test('an answer is told by its status, never as an empty reason', () => {
    expect(describeError(ringHttpError(500))).toBe('HTTP 500');
    expect(commandFailure(ringHttpError(429))).toBe('Ring answered HTTP 429');
    expect(commandFailure(new Error(''))).toBe('no reason was given');
  });

  test("a command keeps Ring's whole message; a connection line keeps its first sentence without URLs", () => {
    const advice = new Error('Failed to set alarm mode to "all".  Sensors may require bypass, which can only be done in the Ring app.');
    expect(commandFailure(advice)).toBe(advice.message);
    expect(describeError(new Error('connect ECONNREFUSED https://api.ring.com/x. More'))).toBe('connect ECONNREFUSED [url]');
  });
});
