import { jest } from '@jest/globals';
import { facadeUrl } from './facade-source.js';
import { deferFirstUseImports, deferralLine, deferringResolver } from './install.js';

const LIB = 'file:///plugins/node_modules/ring-client-api/lib/';
const PEER = `${LIB}streaming/peer-connection.js`;
const SESSION = `${LIB}streaming/streaming-session.js`;
const UTIL = `${LIB}util.js`;
const SOURCES: Record<string, string> = {
  [PEER]: `import { RTCPeerConnection, MediaStreamTrack } from 'werift';`,
  [SESSION]: `import { RtpPacket } from 'werift';\nimport { FfmpegProcess, reservePorts } from '@homebridge/camera-utils';`,
  [`${LIB}streaming/odd.js`]: `import * as werift from 'werift';`,
  [UTIL]: `import { promisify } from 'util';\nimport { uuid as getSystemUuid } from 'systeminformation';`,
};
const read = (url: string) => {
  const source = SOURCES[url];
  if (source === undefined) throw new Error('ENOENT');
  return source;
};

describe('deferringResolver', () => {
  const next = jest.fn((specifier: string) => ({ url: `resolved:${specifier}` }));
  beforeEach(() => next.mockClear());
  const resolve = deferringResolver(LIB, read);

  const standIn = new URL('./stand-in.js', import.meta.url).href;

  test('werift imported by ring-client-api gets the stand-ins for the names it imports', () => {
    const result = resolve('werift', { parentURL: PEER }, next);
    expect(result).toEqual({ url: facadeUrl('werift', ['MediaStreamTrack', 'RTCPeerConnection'], standIn), shortCircuit: true });
    expect(next).not.toHaveBeenCalled();
  });

  test('each deferred package in one file gets its own stand-ins', () => {
    expect(resolve('werift', { parentURL: SESSION }, next)).toEqual({ url: facadeUrl('werift', ['RtpPacket'], standIn), shortCircuit: true });
    expect(resolve('@homebridge/camera-utils', { parentURL: SESSION }, next)).toEqual({
      url: facadeUrl('@homebridge/camera-utils', ['FfmpegProcess', 'reservePorts'], standIn),
      shortCircuit: true,
    });
    expect(next).not.toHaveBeenCalled();
  });

  test("systeminformation imported under another name gets a stand-in for the package's own name", () => {
    expect(resolve('systeminformation', { parentURL: UTIL }, next)).toEqual({ url: facadeUrl('systeminformation', ['uuid'], standIn), shortCircuit: true });
    expect(next).not.toHaveBeenCalled();
  });

  test.each([
    ['another package', 'rxjs', PEER],
    ['werift imported from outside ring-client-api', 'werift', 'file:///plugins/node_modules/other/index.js'],
    ['a werift import form the stand-ins do not cover', 'werift', `${LIB}streaming/odd.js`],
    ['a parent whose source cannot be read', 'werift', `${LIB}streaming/missing.js`],
    ['no parent (the entry point)', 'werift', undefined],
  ])('%s is handed on untouched', (_label, specifier, parentURL) => {
    const context = { parentURL };
    expect(resolve(specifier, context, next)).toEqual({ url: `resolved:${specifier}` });
    expect(next).toHaveBeenCalledWith(specifier, context);
  });
});

describe('deferFirstUseImports', () => {
  test('without in-thread module hooks nothing is registered, and the log line says why', () => {
    expect(deferFirstUseImports({})).toBe('unsupported');
    expect(deferralLine('unsupported')).toContain('has no module.registerHooks');
  });
});
