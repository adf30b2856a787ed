import { expectNoSecrets, scanForSecrets } from './log-scan.js';

const RAW = 'Zr8Qp2LmXv9TnB4wYc7K';
const HID = '5d3c1a7e-9b2f-4e61-8c0d-2f4b6a8e1c3d';
const WRAPPED = Buffer.from(JSON.stringify({ rt: RAW, hid: HID, pnc: { fcm: { token: 'pushCredentialXYZ123' } } })).toString('base64');

const forms = (text: string, secrets: string[]) => scanForSecrets(text, secrets).map((finding) => finding.form);

describe('scanForSecrets', () => {
  it('finds nothing in clean text and in short coincidences', () => {
    expect(scanForSecrets('Saved Ring refresh token 3fa2c4d1e0b9 to /var/lib/trygr/token.json', [RAW, WRAPPED])).toEqual([]);
    expect(scanForSecrets(`a ${RAW.slice(0, 7)} b`, [RAW])).toEqual([]);
  });

  it('finds a whole token with its position', () => {
    expect(scanForSecrets(`token=${RAW}.`, [RAW])).toEqual([{ secret: 0, form: 'raw', offset: 6, length: RAW.length }]);
  });

  it('finds any fragment of 8 or more characters', () => {
    expect(scanForSecrets(`x ${RAW.slice(5, 13)} y`, [RAW])).toEqual([{ secret: 0, form: 'raw', offset: 2, length: 8 }]);
    expect(forms(`x ${WRAPPED.slice(30, 45)} y`, [WRAPPED])).toContain('raw');
  });

  it('finds the parts inside a wrapped token: rt, hardware id, push credentials', () => {
    expect(forms(`refreshing with ${RAW}`, [WRAPPED])).toContain('rt');
    expect(forms(`hardware ${HID.slice(0, 13)}`, [WRAPPED])).toContain('hid');
    expect(forms('push pushCredentialXYZ123', [WRAPPED])).toContain('pnc.fcm.token');
  });

  it('finds base64, base64url, URL-encoded and JSON-escaped forms', () => {
    const special = 'a+b/c=d&e?f"g\\h';
    expect(forms(Buffer.from(RAW).toString('base64'), [RAW])).toContain('raw/base64');
    expect(forms(Buffer.from(RAW.slice(1)).toString('base64'), [RAW])).toContain('raw/base64+1');
    const slashy = '>>>???~~~>>>???'; // its base64 has '+' and '/', which base64url spells differently
    expect(forms(Buffer.from(slashy).toString('base64url'), [slashy])).toContain('raw/base64url');
    expect(forms(`?token=${encodeURIComponent(special)}`, [special])).toContain('raw/url-encoded');
    expect(forms(JSON.stringify({ token: special }), [special])).toContain('raw/json-escaped');
    expect(forms(encodeURIComponent(WRAPPED), [WRAPPED]).length).toBeGreaterThan(0);
  });

  it('reports one finding per run, not one per window inside it', () => {
    expect(scanForSecrets(`${RAW} and again ${RAW}`, [RAW]).filter((f) => f.form === 'raw')).toHaveLength(2);
  });
});

describe('expectNoSecrets', () => {
  it('passes clean text and fails on a leak without printing the secret', () => {
    expect(() => expectNoSecrets('all clear', [RAW])).not.toThrow();
    let message = '';
    try {
      expectNoSecrets(`leaked ${RAW}`, [RAW]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/secret #0 as raw: 20 characters at offset 7/);
    expect(scanForSecrets(message, [RAW])).toEqual([]);
  });
});
