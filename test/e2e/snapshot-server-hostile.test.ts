/**
 * The plugin's own listener inside Homebridge (the loopback snapshot server for the settings
 * panel) gets requests that used to throw out of its handler and end the whole bridge: an
 * unparsable absolute URL without the key, a broken percent escape with it. Homebridge keeps
 * running, HomeKit reads still answer, and the server still serves a good request.
 */
import { findChar } from '../harness/index.js';
import { rawGet, sendRaw } from '../fuzz/raw-http.js';
import { readSnapshotEndpoint, type SnapshotEndpoint } from '../fuzz/snapshot-endpoint.js';
import { finishRun, startDemoHome, waitUntil, type DemoHomeRun } from './accessories-support.js';

describe('the snapshot server under hostile requests', () => {
  let run: DemoHomeRun;
  let endpoint: SnapshotEndpoint;

  beforeAll(async () => {
    run = await startDemoHome({ cameras: ['Living Room'] });
    endpoint = await waitUntil(() => readSnapshotEndpoint(run.hb.storagePath), 20_000, 'the snapshot server in status.json');
  }, 120_000);

  afterAll(
    () =>
      finishRun(run, ({ hb }) => {
        expect(hb.logs()).not.toMatch(/Invalid URL|URI malformed|uncaught/i);
      }),
    120_000,
  );

  test('requests that used to crash it are answered, and Homebridge keeps running', async () => {
    const key = { 'x-trygr-key': endpoint.key };
    const hostile: Array<[string, Record<string, string>, number]> = [
      ['http://[zz/', {}, 403],
      ['/snapshot/%E0%A4%A', key, 400],
      ['http://[zz/', key, 400],
      ['/snapshot/%', key, 400],
    ];
    for (const [target, headers, status] of hostile) {
      const answer = await sendRaw(endpoint.port, rawGet(target, headers), { timeoutMs: 5000 });
      expect([target, answer.status]).toEqual([target, status]);
    }
    // Bytes that are not HTTP at all.
    await sendRaw(endpoint.port, Buffer.from([0, 1, 2, 0xff, 13, 10, 13, 10]), { timeoutMs: 5000 });

    expect(run.hb.running).toBe(true);
    const db = await run.bridge.accessories();
    const mode = findChar(db, 'Alarm Mode', 'SecuritySystem', 'SecuritySystemCurrentState');
    await expect(run.bridge.read(mode.aid, mode.iid)).resolves.toEqual(expect.any(Number));

    // The server itself still serves the panel.
    const cameraId = await waitUntil(() => readSnapshotEndpoint(run.hb.storagePath)?.cameraIds[0], 20_000, 'a published camera');
    const good = await sendRaw(endpoint.port, rawGet(`/snapshot/${encodeURIComponent(cameraId)}?width=320&height=180`, key), { timeoutMs: 20_000 });
    expect(good.status).toBe(200);
    expect(run.hb.running).toBe(true);
  }, 60_000);
});
