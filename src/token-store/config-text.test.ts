import { expectNoSecrets } from '../../test/support/log-scan.js';
import { ConfigParseError, PlatformBlockNotFoundError, readRefreshToken, withoutRefreshToken, withRefreshToken } from './config-text.js';

const NEW = 'bmV3LXRva2VuLXZhbHVl';

const config = `{
    "bridge": { "name": "Homebridge", "username": "0E:11:22:33:44:55" },
    "platforms": [
        { "platform": "Ring", "refreshToken": "ring-plugin-token-aaaa" },
        {
            "platform": "Trygr",
            "name": "Trygr",
            "refreshToken": "old-token-bbbbbbbb"
        },
        {
            "platform": "Trygr",
            "refreshToken": "child-token-cccccc",
            "_bridge": { "username": "0E:AA:BB:CC:DD:EE", "port": 51234 }
        }
    ]
}
`;

describe('withRefreshToken', () => {
  it('replaces only our main-bridge block value, byte for byte', () => {
    const updated = withRefreshToken(config, NEW);
    expect(updated).toBe(config.replace('"old-token-bbbbbbbb"', `"${NEW}"`));
    expect(readRefreshToken(updated)).toBe(NEW);
  });

  it('picks the child bridge block by _bridge.username, ignoring case', () => {
    const updated = withRefreshToken(config, NEW, { bridgeUsername: '0e:aa:bb:cc:dd:ee' });
    expect(updated).toBe(config.replace('"child-token-cccccc"', `"${NEW}"`));
    expect(readRefreshToken(config, { bridgeUsername: '0E:AA:BB:CC:DD:EE' })).toBe('child-token-cccccc');
  });

  it('without a username picks the first block with no _bridge, else the first', () => {
    const childFirst = `{"platforms":[{"platform":"Trygr","_bridge":{"username":"X"},"refreshToken":"a"},{"platform":"Trygr","refreshToken":"b"}]}`;
    expect(readRefreshToken(childFirst)).toBe('b');
    const onlyChildren = `{"platforms":[{"platform":"Trygr","_bridge":{"username":"X"},"refreshToken":"a"},{"platform":"Trygr","_bridge":{"username":"Y"},"refreshToken":"b"}]}`;
    expect(readRefreshToken(onlyChildren)).toBe('a');
  });

  it('counts a block with a _bridge but no username as a child bridge, as Homebridge does (config/our-block.ts)', () => {
    const text = `{"platforms":[{"platform":"Trygr","_bridge":{},"refreshToken":"a"},{"platform":"Trygr","refreshToken":"b"}]}`;
    expect(readRefreshToken(text)).toBe('b');
  });

  it('accepts the plugin-qualified platform name', () => {
    const text = `{"platforms":[{"platform":"homebridge-trygr.Trygr","refreshToken":"x"}]}`;
    expect(withRefreshToken(text, NEW)).toBe(text.replace('"x"', `"${NEW}"`));
  });

  it('inserts the key after the last property, copying the block layout', () => {
    const multiLine = '{\n\t"platforms": [\n\t\t{\n\t\t\t"platform" :  "Trygr",\r\n\t\t\t"name": "T"\n\t\t}\n\t]\n}';
    expect(withRefreshToken(multiLine, NEW)).toBe(
      '{\n\t"platforms": [\n\t\t{\n\t\t\t"platform" :  "Trygr",\r\n\t\t\t"name": "T",\r\n\t\t\t"refreshToken": "' + NEW + '"\n\t\t}\n\t]\n}',
    );
    const oneLine = '{"platforms":[{"platform":"Other"},{"platform":"Trygr"},{"platform":"Ring"}]}';
    expect(withRefreshToken(oneLine, NEW)).toBe(`{"platforms":[{"platform":"Other"},{"platform":"Trygr","refreshToken":"${NEW}"},{"platform":"Ring"}]}`);
    const commaFirst = '{"platforms":[{ "platform": "Trygr"\n  , "name": "T" }]}';
    expect(withRefreshToken(commaFirst, NEW)).toBe(`{"platforms":[{ "platform": "Trygr"\n  , "name": "T"\n  , "refreshToken": "${NEW}" }]}`);
  });

  it('edits the last of duplicate keys, the one JSON.parse keeps', () => {
    const text = '{"platforms":[{"platform":"Trygr","refreshToken":"first","refreshToken":"second"}]}';
    const updated = withRefreshToken(text, NEW);
    expect(updated).toBe(text.replace('"second"', `"${NEW}"`));
    expect(JSON.parse(updated).platforms[0].refreshToken).toBe(NEW);
  });

  it('replaces a non-string value and leaves a nested decoy alone', () => {
    const text = '{"platforms":[{"platform":"X","inner":{"platform":"Trygr","refreshToken":"decoy"}},{"platform":"Trygr","refreshToken":null}]}';
    expect(withRefreshToken(text, NEW)).toBe(text.replace('null', `"${NEW}"`));
  });

  it('keeps a byte order mark and unicode around the edit', () => {
    const text = '\uFEFF{"name":"Caf\u00e9 \u{1F3E0}","platforms":[{"platform":"Trygr","refreshToken":"old"}]}';
    expect(withRefreshToken(text, NEW)).toBe(text.replace('"old"', `"${NEW}"`));
  });

  it('explains a file that does not parse, without quoting it', () => {
    const secret = 'secret-token-in-a-broken-file-123456';
    const broken = `{"platforms":[{"platform":"Trygr","refreshToken":"${secret}"},]}`;
    let error: unknown;
    try {
      withRefreshToken(broken, NEW);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigParseError);
    expect((error as Error).message).toMatch(/not valid JSON \(\w+ at character \d+\)/);
    expectNoSecrets((error as Error).message, [secret]);
    expect(() => withRefreshToken('', NEW)).toThrow(ConfigParseError);
    expect(() => withRefreshToken('// comment\n{}', NEW)).toThrow(ConfigParseError);
    expect(() => withRefreshToken('[1]', NEW)).toThrow(ConfigParseError);
  });

  it('explains a missing block', () => {
    expect(() => withRefreshToken('{"bridge":{}}', NEW)).toThrow(PlatformBlockNotFoundError);
    expect(() => withRefreshToken('{"platforms":[{"platform":"Ring"}]}', NEW)).toThrow(/no "Trygr" platform block/);
    expect(() => withRefreshToken(config, NEW, { bridgeUsername: '11:22' })).toThrow(/whose _bridge.username is 11:22/);
  });
});

describe('withoutRefreshToken', () => {
  it('removes our key, keeping valid JSON and everything else', () => {
    const updated = withoutRefreshToken(config);
    expect(updated).toBe(config.replace(',\n            "refreshToken": "old-token-bbbbbbbb"', ''));
    expect(readRefreshToken(updated)).toBeUndefined();
  });

  it('removes a first property and every duplicate', () => {
    const text = '{"platforms":[{"refreshToken":"a", "refreshToken":"b","platform":"Trygr", "refreshToken":"c"}]}';
    const updated = withoutRefreshToken(text);
    expect(JSON.parse(updated)).toEqual({ platforms: [{ platform: 'Trygr' }] });
    expect(withoutRefreshToken(updated)).toBe(updated);
  });
});
