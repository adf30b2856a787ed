import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { namedImports } from './import-names.js';

describe('namedImports', () => {
  test.each([
    ['one named import', `import { RtpPacket } from 'werift';`, ['RtpPacket']],
    [
      'several, trailing comma, over lines',
      `import {\n  MediaStreamTrack,\n  RTCPeerConnection,\n  RTCRtpCodecParameters,\n} from 'werift';`,
      ['MediaStreamTrack', 'RTCPeerConnection', 'RTCRtpCodecParameters'],
    ],
    ['an alias keeps the imported name', `import { RtpPacket as Packet } from "werift"`, ['RtpPacket']],
    ['two statements merge', `import { A } from 'werift';\nimport { B, A } from 'werift';`, ['A', 'B']],
    ['no mention', `import { Subject } from 'rxjs';`, undefined],
    ['a default import', `import werift from 'werift';`, undefined],
    ['a namespace import', `import * as werift from 'werift';`, undefined],
    ['a bare import', `import 'werift';`, undefined],
    ['a re-export', `export { RtpPacket } from 'werift';`, undefined],
    ['a dynamic import beside a named one', `import { A } from 'werift';\nconst w = await import('werift');`, undefined],
    ['default by name', `import { default as w } from 'werift';`, undefined],
    ['an empty list', `import {} from 'werift';`, undefined],
    ['a deeper path is not the package', `import { A } from 'werift/nonstandard';`, undefined],
    ['another package whose name contains it', `import { A } from 'not-werift';`, undefined],
  ])('%s', (_label, source, expected) => {
    expect(namedImports(source, 'werift')).toEqual(expected);
  });

  test("ring-client-api's streaming files: the names they use", () => {
    const lib = dirname(createRequire(import.meta.url).resolve('ring-client-api'));
    const read = (file: string) => readFileSync(join(lib, 'streaming', file), 'utf8');
    expect(namedImports(read('peer-connection.js'), 'werift')).toEqual(['MediaStreamTrack', 'RTCPeerConnection', 'RTCRtpCodecParameters']);
    expect(namedImports(read('streaming-session.js'), 'werift')).toEqual(['RtpPacket']);
    expect(namedImports(read('streaming-session.js'), '@homebridge/camera-utils')).toEqual(['FfmpegProcess', 'RtpSplitter', 'reservePorts']);
  });

  test('property: named imports written any way read back as the set of imported names', () => {
    const identifier = fc.stringMatching(/^[A-Za-z_$][\w$]{0,12}$/).filter((name) => name !== 'default' && name !== 'as');
    const space = fc.constantFrom(' ', '  ', '\n', '\n  ', '\t');
    const item = fc.record({ name: identifier, alias: fc.option(identifier, { nil: undefined }), before: space, after: space });
    const statement = fc.record({ items: fc.array(item, { minLength: 1, maxLength: 5 }), comma: fc.boolean(), quote: fc.constantFrom("'", '"'), semi: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 3 }),
        fc.string({ maxLength: 40 }).filter((s) => !s.includes('werift')),
        (statements, filler) => {
          const text = statements
            .map(({ items, comma, quote, semi }) => {
              const list = items.map(({ name, alias, before, after }) => `${before}${name}${alias ? ` as ${alias}` : ''}${after}`).join(',');
              return `import {${list}${comma ? ',' : ''}} from ${quote}werift${quote}${semi ? ';' : ''}`;
            })
            .join(`\n${filler.replace(/[{}'"]/g, '')}\n`);
          const expected = [...new Set(statements.flatMap(({ items }) => items.map(({ name }) => name)))].sort();
          expect(namedImports(text, 'werift')).toEqual(expected);
        },
      ),
    );
  });

  test('a scoped name is matched literally (its slash and dots are not patterns)', () => {
    const source = `import { reservePorts } from '@homebridge/camera-utils';\nimport { X } from '@homebridge/camera_utils';`;
    expect(namedImports(source, '@homebridge/camera-utils')).toEqual(['reservePorts']);
    expect(namedImports(`import { X } from '@homebridgeXcamera-utils';`, '@homebridge/camera-utils')).toBeUndefined();
  });
});
