import { afterEach, describe, expect, test } from '@jest/globals';
import * as library from 'ring-client-api/util';
import { RingLogSink } from './ring-log.js';

function recorder() {
  const lines: string[] = [];
  const log = {
    info: (message: string) => lines.push(`info ${message}`),
    warn: (message: string) => lines.push(`warn ${message}`),
    error: (message: string) => lines.push(`error ${message}`),
    debug: (message: string) => lines.push(`debug ${message}`),
  };
  return { log, lines };
}

describe("ring-client-api's log in the Homebridge log", () => {
  afterEach(() => library.useLogger({ logInfo: () => undefined, logError: () => undefined }));

  test('with `debug` off, none of its lines reach the log', () => {
    const { log, lines } = recorder();
    new RingLogSink(log, { debug: false }).listenTo(library);
    library.logInfo('Creating location socket.io connection - Home');
    library.logError('Request to https://api.ring.com/clients_api/profile failed with status 500.');
    expect(lines).toEqual([]);
  });

  test('with `debug` on, they reach the debug log, scrubbed', () => {
    const { log, lines } = recorder();
    new RingLogSink(log, { debug: true }).listenTo(library);
    library.logInfo('Creating location socket.io connection - 42 Wallaby Way');
    library.logError('Response body: {"email":"jane@example.com","refreshToken":"abc"}');
    expect(lines).toEqual(['debug [ring] Creating location socket.io connection - [address]', 'debug [ring] Response body: {"email":[hidden],"refreshToken":[hidden]}']);
  });

  test('a refused token is noticed whether or not `debug` is on', () => {
    for (const debug of [false, true]) {
      const { log } = recorder();
      const sink = new RingLogSink(log, { debug });
      sink.listenTo(library);
      library.logError({ response: { status: 400, body: { error: 'invalid_grant', error_description: 'token is invalid' } } } as never);
      expect(sink.takeAuthFailure()).toEqual({ status: 400, error: 'invalid_grant' });
      expect(sink.takeAuthFailure()).toBeUndefined();
    }
  });

  test("the library's logger is left alone until the sink listens to it", () => {
    const { log, lines } = recorder();
    const sink = new RingLogSink(log, { debug: true });
    library.logError({ response: { status: 400, body: { error: 'invalid_grant' } } } as never);
    expect(sink.takeAuthFailure()).toBeUndefined();
    expect(lines).toEqual([]);
  });
});
