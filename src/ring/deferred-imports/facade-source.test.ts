import fc from 'fast-check';
import { facadeSource, facadeUrl } from './facade-source.js';

describe('facadeSource', () => {
  test('one stand-in per name, all from the stand-in module', () => {
    expect(facadeSource('werift', ['RTCPeerConnection', 'RtpPacket'], 'file:///x/stand-in.js')).toBe(
      'import { lazyExport } from "file:///x/stand-in.js";\n' +
        'export const RTCPeerConnection = lazyExport("werift", "RTCPeerConnection");\n' +
        'export const RtpPacket = lazyExport("werift", "RtpPacket");\n',
    );
  });

  test('refuses an empty list', () => {
    expect(() => facadeSource('werift', [], 'file:///x.js')).toThrow('at least one name');
  });

  test('property: anything that is not an identifier is refused, so no text is ever spliced into the module', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 0, maxLength: 20 }).filter((text) => !/^[A-Za-z_$][\w$]*$/.test(text)),
        (text) => {
          expect(() => facadeSource('werift', ['Fine', text], 'file:///x.js')).toThrow('not an export name');
        },
      ),
    );
  });

  test('the data: URL carries exactly the source', () => {
    const url = facadeUrl('@homebridge/camera-utils', ['A', 'B'], 'file:///a b/stand-in.js');
    expect(url.startsWith('data:text/javascript,')).toBe(true);
    expect(decodeURIComponent(url.slice('data:text/javascript,'.length))).toBe(facadeSource('@homebridge/camera-utils', ['A', 'B'], 'file:///a b/stand-in.js'));
  });
});
