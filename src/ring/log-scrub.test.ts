import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { MAX_LINE, scrub } from './log-scrub.js';

/** Lines in the shapes ring-client-api 14.3 logs them (rest-client.js, api.js, location.js, util.js), and what must not survive. */
const LEAKY: ReadonlyArray<[string, string, readonly string[]]> = [
  [
    'a profile answer with an email and names',
    'Request to https://api.ring.com/clients_api/profile failed with status 500. Response body: {"profile":{"id":4711,"email":"jane.doe@example.com","first_name":"Jane","last_name":"Doe","phone_number":"+15551234567"}}',
    ['jane.doe@example.com', 'Jane', 'Doe', '5551234567'],
  ],
  [
    'an email in a query string, URL-encoded',
    'Retry #1 failed to reach Ring server at https://oauth.ring.com/oauth/token?username=jane.doe%40example.com&grant_type=password.  ETIMEDOUT.',
    ['jane.doe', 'example.com'],
  ],
  ['an email in free text', 'Signed in as jane.doe+ring@mail.example.co.uk', ['jane.doe', 'mail.example']],
  [
    'a location answer with its street address and coordinates',
    'Location Mode: {"location_id":"0c4a8b2e-1d3f-4e5a-9b7c-2d1e0f3a4b5c","address":{"address1":"742 Evergreen Terrace","address2":"Apt 4","cross_street":"Maple Ave","city":"Springfield","state":"OR","zip_code":"97403"},"geo_coordinates":{"latitude":44.0462,"longitude":-123.0220}}',
    ['Evergreen', 'Apt 4', 'Maple', 'Springfield', '97403', '44.0462', '123.0220'],
  ],
  ["a location named after its street (Ring's default name)", 'Creating location socket.io connection - 42 Wallaby Way', ['Wallaby']],
  ['a street address in a sentence', 'Ring camera at 1600 Pennsylvania Avenue NW is offline or on cellular backup.', ['Pennsylvania']],
  ['a European street address', 'Creating location socket.io connection - Hauptstraße 12', ['Hauptstraße']],
  ['a MAC address field in a device answer', '{"id":12345,"description":"Front Door","device_mac":"a4:da:22:11:0b:9c","kind":"doorbell_v4"}', ['a4:da:22:11:0b:9c']],
  ['a MAC address in free text', 'Device 9C:8E:CD:0A:1B:2C came back online', ['9C:8E:CD:0A:1B:2C']],
  ['a MAC address with dashes', 'wifi adapter 00-1A-2B-3C-4D-5E', ['00-1A-2B-3C-4D-5E']],
  ['a camelCase refreshToken in JSON', '[Push Receiver] {"refreshToken":"rt-short-1234","accessToken":"at-5678"}', ['rt-short-1234', 'at-5678']],
  ['a camelCase refreshToken as util.inspect prints it', "{ refreshToken: 'rt short 1234', systemId: 'sys-9' }", ['rt short 1234', 'sys-9']],
  [
    'snake_case tokens and the hardware id',
    'grant {"grant_type":"refresh_token","refresh_token":"abc123","hardware_id":"hw-1","2fa-code":"123456"}',
    ['abc123', 'hw-1', '123456'],
  ],
  ['a token in escaped JSON inside a JSON string', 'Response body: "{\\"refresh_token\\":\\"abc123\\",\\"email\\":\\"x@y.io\\"}"', ['abc123', 'x@y.io']],
  ["the wrapped token's fields", '{"rt":"short-inner","hid":"0b6f-hid"}', ['short-inner', '0b6f-hid']],
  ['a bearer header', 'headers: { authorization: Bearer eyJhbGciOi.abc.def }', ['eyJhbGciOi']],
  ['a long opaque token without a key', 'token rotated to ZXlKaGJHY2lPaUpJVXpJMU5pSjkuZXlKemRXSWlPaUl4TWpNME5UWTNPRGt3SW4wLmFiYw', ['ZXlKaGJHY2lPaUpJ']],
  ['a secret cut off by the line limit', `${'x '.repeat(MAX_LINE / 2 - 10)}{"refresh_token":"abcdefghijklmnopqrstuvwxyz"}`, ['klmnop']],
];

/** Lines with nothing personal: they must reach the debug log as they are. */
const HARMLESS = [
  'Retry #2 failed to reach Ring server at https://api.ring.com/clients_api/ring_devices.  ECONNRESET.  Trying again in 5 seconds...',
  'Ring camera 12345 has come back online',
  'WebSocket connection closed: 1006, ',
  'Snapshot for Front Door is still within its life time (3.2s old)',
  'Session response rate limited. Waiting to retry after 30 seconds',
  'Location Mode: {"mode":"home","lastUpdateTimeMS":1700000000000}',
  '404 from endpoint https://api.ring.com/clients_api/locations/0c4a8b2e-1d3f-4e5a-9b7c-2d1e0f3a4b5c/devices',
  'Received v2 push notification with unknown category: com.ring.pn.live-event.ding at 12:34:56',
];

describe('scrub', () => {
  test.each(LEAKY)('hides %s', (_label, line, secrets) => {
    const scrubbed = scrub(line);
    for (const secret of secrets) expect(scrubbed).not.toContain(secret);
    expect(scrubbed).toMatch(/\[(hidden|email|mac|address)\]/);
  });

  test.each(HARMLESS)('leaves alone: %s', (line) => {
    expect(scrub(line)).toBe(line);
  });

  test('keeps the structure readable: the key stays, the value goes', () => {
    expect(scrub('{"refreshToken":"abc","name":"Front Door"}')).toBe('{"refreshToken":[hidden],"name":"Front Door"}');
    expect(scrub('?username=jane%40example.com&grant_type=password')).toBe('?username=[hidden]&grant_type=password');
  });

  test('any line, however long or odd, comes back bounded and in linear time', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 5000, unit: fc.constantFrom('a', '@', '.', ':', '"', '\\', '1', ' ', '=', '{', 'A', '-') }), (line) => {
        const out = scrub(line);
        expect(out.length).toBeLessThanOrEqual(MAX_LINE + 100);
      }),
      { numRuns: 200 },
    );
    const started = Date.now();
    scrub('a'.repeat(1_000_000));
    scrub('"'.repeat(100_000));
    scrub('x:"'.repeat(50_000));
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
