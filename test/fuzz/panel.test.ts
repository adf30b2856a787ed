/**
 * Random settings-panel requests to the panel's server (homebridge-ui/server.js), started as the
 * Homebridge UI starts it (forked, IPC): mutated and random bodies to every handler but sign-out,
 * unknown paths, and IPC messages that are not requests. It must answer every well-formed request
 * and never exit; config.json must still parse with a working token afterwards.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { startUiServer, uiServerPath, type UiServerChild } from '../ui/ui-server-child.js';
import { SnapshotServer } from '../../src/platform/snapshot-server.js';
import { describeInput, findCrash, FuzzTally } from './crash-report.js';
import { dataLost, type TokenState } from './data-loss.js';
import { fuzzRunSeed, saveLog } from './fuzz-artifacts.js';
import { hostileIpcMessage, hostilePanelRequest } from './hostile-panel.js';
import { rngFor } from './seeded-random.js';

const BUDGET_MS = 8_000;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
const DEVICES = ['184320002', '184320003'];

const { seed } = fuzzRunSeed();

describe('fuzz: the settings panel server', () => {
  const tally = new FuzzTally();
  let cloud: RingCloud;
  let storage: string;
  let configPath: string;
  let server: UiServerChild;
  const snapshots = new SnapshotServer();

  beforeAll(async () => {
    console.log(`[fuzz] settings panel: seed ${seed}, replay with TRYGR_FUZZ_SEED=${seed}`);
    // Built by `npm run build` (homebridge-ui/tsconfig.json), as npm test does first.
    if (!existsSync(join(uiServerPath, '..', 'dist'))) throw new Error('homebridge-ui/dist is missing: run npm run build');
    cloud = await startRingCloud({ quiet: true });
    storage = mkdtempSync(join(tmpdir(), 'trygr-fuzz-panel-'));
    configPath = join(storage, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify(
        {
          bridge: { name: 'Fuzz', username: '0E:11:22:33:44:66', port: 51826, pin: '031-45-154' },
          platforms: [{ platform: 'Trygr', name: 'Trygr', refreshToken: cloud.mintRefreshToken() }],
        },
        null,
        4,
      ),
    );
    // A running plugin as the panel sees it: its status, with a real snapshot server behind it.
    for (const id of DEVICES) snapshots.set(id, async () => JPEG);
    const url = await snapshots.start();
    mkdirSync(join(storage, 'trygr'), { recursive: true, mode: 0o700 });
    writeFileSync(
      join(storage, 'trygr', 'status.json'),
      JSON.stringify({
        version: 1,
        updatedAt: new Date().toISOString(),
        pid: process.pid,
        state: 'connected',
        locations: [{ id: 'loc', name: 'Home' }],
        devices: DEVICES.map((id) => ({ id, name: `Camera ${id}`, kind: 'indoor-camera', locationId: 'loc', hidden: false })),
        snapshots: { url, key: snapshots.key },
      }),
      { mode: 0o600 },
    );
    server = await startUiServer({ storagePath: storage, configPath, ringCloudUrl: cloud.url });
  }, 60_000);

  afterAll(async () => {
    if (server) {
      saveLog('panel', seed, server.output());
      await server.close();
    }
    snapshots.stop();
    await cloud?.close();
    if (storage) rmSync(storage, { recursive: true, force: true });
  }, 30_000);

  const exited = () => server.child.exitCode !== null || server.child.signalCode !== null;

  test('every request is answered and nothing is lost; any crash is upstream', async () => {
    const startedAt = Date.now();
    const rng = rngFor(seed, 'panel');
    const context = { email: cloud.account.email, deviceIds: DEVICES };
    const deadline = Date.now() + BUDGET_MS;
    let unanswered = 0;
    while (Date.now() < deadline && !exited()) {
      const { path, body } = hostilePanelRequest(rng, context);
      tally.count('panel request');
      // An answer, success or a RequestError, is what counts; silence is a failure of its own.
      await server.request(path, body, 10_000).catch(() => {
        unanswered++;
      });
      if (exited()) {
        tally.crashes.push(
          findCrash(server.output(), `panel ${path}: ${describeInput(body)}`) ?? {
            origin: 'ours',
            component: 'panel',
            message: 'the panel server exited without a stack',
            frame: '-',
            context: path,
          },
        );
      }
    }
    tally.dataLost.push(
      ...(await dataLost({
        configPath,
        tokenState: (token) => cloud.refreshTokenState(token) as TokenState,
        settleMs: 1000,
        answers: {
          what: 'the panel server',
          ask: async () => {
            const answer = await server.request('/status', {}, 5000);
            if (!answer.success) throw new Error('/status failed');
          },
        },
      })),
    );

    // Last, what config-ui-x relays from the page's socket as it is (`client.on('request', r => child.send(r))`):
    // a message that is not a request object. plugin-ui-utils reads `request.action` unguarded, so
    // this may end the server: upstream, and after the checks above so it cannot hide them.
    const ipcRng = rngFor(seed, 'panel-ipc');
    for (let i = 0; i < 20 && !exited(); i++) {
      const message = hostileIpcMessage(ipcRng);
      server.child.send(message as object);
      tally.count('panel ipc message');
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (exited()) {
        tally.crashes.push(
          findCrash(server.output(), `panel ipc message: ${describeInput(message)}`) ?? {
            origin: 'ours',
            component: 'panel',
            message: 'exited without a stack',
            frame: '-',
            context: 'ipc',
          },
        );
      }
    }
    console.log(`${tally.report('settings panel', seed, (Date.now() - startedAt) / 1000)}\n[fuzz]   unanswered requests ${unanswered}`);
    expect(tally.ours).toEqual([]);
    expect(tally.dataLost).toEqual([]);
    expect(unanswered).toBe(0);
  }, 60_000);
});
