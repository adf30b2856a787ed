import { rawGet, sendRaw } from '../../test/fuzz/raw-http.js';
import { SnapshotServer } from './snapshot-server.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);

describe('the snapshot server answers hostile requests and keeps running', () => {
  let server: SnapshotServer;
  let port: number;
  const asked: Array<[number, number]> = [];

  beforeAll(async () => {
    server = new SnapshotServer();
    server.set('cam 1', async (width, height) => {
      asked.push([width, height]);
      return JPEG;
    });
    server.set('throws', () => {
      throw new Error('synchronous failure');
    });
    server.set('rejects', () => Promise.reject(new Error('Ring failed')));
    port = Number(new URL(await server.start()).port);
  });

  afterAll(() => server.stop());

  const get = (target: string, withKey = true) => sendRaw(port, rawGet(target, withKey ? { 'x-trygr-key': server.key } : {}));

  /** After every hostile request the server must still serve a good one. */
  async function stillServes(): Promise<void> {
    const answer = await get('/snapshot/cam%201');
    expect(answer.status).toBe(200);
  }

  test('an unparsable absolute URL without the key is refused (403), not thrown', async () => {
    expect((await get('http://[zz/', false)).status).toBe(403);
    await stillServes();
  });

  test('a wrong key is refused before the path is read', async () => {
    expect((await sendRaw(port, rawGet('/snapshot/%E0%A4%A', { 'x-trygr-key': 'x'.repeat(32) }))).status).toBe(403);
    expect((await sendRaw(port, rawGet('/snapshot/cam%201', { 'x-trygr-key': server.key.slice(1) }))).status).toBe(403);
    await stillServes();
  });

  test('a broken percent escape with the key answers 400', async () => {
    expect((await get('/snapshot/%E0%A4%A')).status).toBe(400);
    await stillServes();
  });

  test('an absolute-form target with the key answers 400, even an unparsable one', async () => {
    expect((await get('http://[zz/')).status).toBe(400);
    expect((await get('http://127.0.0.1/snapshot/cam%201')).status).toBe(400);
    await stillServes();
  });

  test('unknown devices and paths answer 404', async () => {
    expect((await get('/snapshot/nobody')).status).toBe(404);
    expect((await get('/snapshot/')).status).toBe(404);
    expect((await get('/other')).status).toBe(404);
    expect((await get('/snapshot/cam%201/more')).status).toBe(404);
    await stillServes();
  });

  test('a provider that throws or rejects answers 503', async () => {
    expect((await get('/snapshot/throws')).status).toBe(503);
    expect((await get('/snapshot/rejects')).status).toBe(503);
    await stillServes();
  });

  test('a good request gets the JPEG at a clamped size; odd sizes fall back', async () => {
    asked.length = 0;
    const answer = await get('/snapshot/cam%201?width=99999&height=1');
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/content-type: image\/jpeg/i);
    await get('/snapshot/cam%201?width=abc&height=%ZZ');
    expect(asked).toEqual([
      [1920, 16],
      [640, 360],
    ]);
  });

  test('other methods are refused', async () => {
    const post = `POST /snapshot/cam%201 HTTP/1.1\r\nHost: x\r\nx-trygr-key: ${server.key}\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc`;
    expect((await sendRaw(port, post)).status).toBe(405);
    await stillServes();
  });
});
