/**
 * The real-Homebridge harness end to end: a Homebridge child (1.11, or 2.x in CI's lane) with the built plugin, paired by
 * a HAP controller over 127.0.0.1. Needs `npm run build && npm run build:test` first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  FIXTURE_EXTERNAL,
  FIXTURE_PLATFORM,
  FIXTURE_SENSOR,
  FIXTURE_SWITCH,
  boundSocketsOf,
  descendantsOf,
  findChar,
  findService,
  isAlive,
  isLoopbackAddress,
  liveCounts,
  startHomebridge,
  stopAll,
  type HomebridgeProcess,
} from '../harness/index.js';

/** Each Homebridge start is ~1-4 s on the 2-core box and each stop takes Homebridge's own 5 s. */
const TEST_TIMEOUT_MS = 120_000;

afterAll(async () => {
  expect(await stopAll()).toEqual([]);
  expect(liveCounts()).toEqual({ processes: 0, clients: 0, tempDirs: 0 });
}, TEST_TIMEOUT_MS);

/** hap-nodejs keeps its pairings in persist/AccessoryInfo.<username without colons>.json. */
function pairedControllers(hb: HomebridgeProcess, username = hb.username): number {
  const file = path.join(hb.storagePath, 'persist', `AccessoryInfo.${username.replace(/:/g, '')}.json`);
  const info = JSON.parse(readFileSync(file, 'utf8')) as { pairedClients: Record<string, unknown> };
  return Object.keys(info.pairedClients).length;
}

function nonLoopbackSockets(pid: number): string[] {
  return boundSocketsOf(pid)
    .filter((s) => !isLoopbackAddress(s.address))
    .map((s) => `${s.proto} ${s.address}:${s.port}`);
}

describe('real Homebridge harness', () => {
  it(
    'loads the plugin, pairs, lists the bridge, unpairs and stops cleanly',
    async () => {
      const hb = await startHomebridge({ platforms: [{ platform: 'Trygr' }] });
      await hb.waitForLog(/Loaded plugin: homebridge-trygr@/);
      await hb.waitForLog(/\[Trygr\] Initializing Trygr platform/);

      const sockets = boundSocketsOf(hb.pid as number);
      expect(sockets).toContainEqual(expect.objectContaining({ proto: 'tcp', address: '127.0.0.1', port: hb.port }));
      expect(nonLoopbackSockets(hb.pid as number)).toEqual([]);

      const client = await hb.pair();
      expect(pairedControllers(hb)).toBe(1);
      const db = await client.accessories();
      const bridge = findService(db, { aid: 1, serviceType: 'AccessoryInformation' });
      const name = findChar(db, 1, 'AccessoryInformation', 'Name');
      expect(name.value).toBe(hb.publishedName);
      expect(hb.publishedName.startsWith(`${hb.name} `)).toBe(true);
      expect(bridge.accessory.aid).toBe(1);
      expect(await client.read(name.aid, name.iid)).toBe(hb.publishedName);

      await client.unpair();
      expect(pairedControllers(hb)).toBe(0);

      await expect(hb.waitForLog(/this line is never printed/, 200)).rejects.toThrow(/last log lines[\s\S]*is running on port/);

      const pid = hb.pid as number;
      const children = descendantsOf(pid);
      await hb.stop();
      // Homebridge 1.11 ends SIGTERM through its own 5 s exit timer (128 + 15); Homebridge 2 exits 0
      // once nothing holds the event loop. Either way, no signal.
      expect(await hb.exited).toBe(hb.cleanExitCode);
      expect(hb.exitSignal).toBeNull();
      expect(hb.logs()).toMatch(/Got SIGTERM, shutting down Homebridge/);
      expect(isAlive(pid)).toBe(false);
      expect(children.filter(isAlive)).toEqual([]);
      await hb.stop(); // idempotent
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps running with a Trygr block that has no refreshToken and still answers the controller',
    async () => {
      const hb = await startHomebridge({ platforms: [{ platform: 'Trygr', name: 'Trygr' }] });
      await hb.waitForLog(/\[Trygr\] Initializing Trygr platform/);
      // Give the platform's asynchronous start time to fail, if it were going to take Homebridge down.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(hb.running).toBe(true);

      const client = await hb.pair();
      const db = await client.accessories();
      expect(findChar(db, hb.publishedName, 'AccessoryInformation', 'Manufacturer').value).toBe('homebridge.io');
      await client.unpair();
      await hb.stop();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps the pairing across a restart on the same storage path',
    async () => {
      const hb = await startHomebridge({
        platforms: [{ platform: 'Trygr' }, { platform: FIXTURE_PLATFORM }],
        withFixturePlugin: true,
      });
      const client = await hb.pair();
      const before = await client.accessories();
      const motion = findChar(before, FIXTURE_SENSOR, 'MotionSensor', 'MotionDetected');
      const on = findChar(before, FIXTURE_SWITCH, 'Switch', 'On');
      await client.subscribe([motion]);
      const firstPid = hb.pid;
      const { port, username } = hb;

      await hb.restart();
      expect(hb.pid).not.toBe(firstPid);
      expect([hb.port, hb.username]).toEqual([port, username]);
      // The old subscription connection died with the process; waiting on it says so at once.
      await expect(client.waitForEvent(() => false, 5000, client.events().length)).rejects.toThrow(/subscription .* dropped/);

      // Same controller keys, fresh pair-verify: the accessory still knows this controller.
      const after = await client.accessories();
      expect(findChar(after, FIXTURE_SWITCH, 'Switch', 'On')).toMatchObject({ aid: on.aid, iid: on.iid });
      expect(pairedControllers(hb)).toBe(1);
      // A second pair-setup is refused: the bridge is still paired.
      await expect(hb.pair()).rejects.toMatchObject({ name: 'PairSetupError', tlvError: 6 });

      await client.subscribe([motion]);
      const mark = client.events().length;
      await client.write(on.aid, on.iid, true);
      // HAP carries booleans as 1/0.
      const event = await client.waitForEvent((e) => e.aid === motion.aid && e.iid === motion.iid && e.value === 1, 10_000, mark);
      expect(event.value).toBe(1);
      expect(await client.read(motion.aid, motion.iid)).toBe(1);

      await client.unpair();
      expect(pairedControllers(hb)).toBe(0);
      await hb.stop();

      // A new process on the same folder is the same bridge: identity comes from its config.json.
      const again = await startHomebridge({ platforms: [{ platform: 'Trygr' }], storagePath: hb.storagePath });
      expect([again.name, again.username, again.port]).toEqual([hb.name, hb.username, hb.port]);
      const fresh = await again.pair();
      expect(pairedControllers(again)).toBe(1);
      await fresh.unpair();
      await again.stop();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'pairs with a child bridge and with an external accessory on its own port, all on loopback',
    async () => {
      const hb = await startHomebridge({
        platforms: [{ platform: 'Trygr' }, { platform: FIXTURE_PLATFORM, external: true }],
        withFixturePlugin: true,
        childBridge: true,
        childBridgePlatform: FIXTURE_PLATFORM,
      });
      const child = hb.childBridge;
      if (!child) throw new Error('no child bridge');
      const external = await hb.waitForExternalAccessory(FIXTURE_EXTERNAL);
      expect(external.port).not.toBe(hb.port);
      expect(external.pin).toBe(hb.pin);
      expect(external.name.startsWith(`${FIXTURE_EXTERNAL} `)).toBe(true);

      const childClient = await hb.pair(child);
      const db = await childClient.accessories();
      const motion = findChar(db, FIXTURE_SENSOR, 'MotionSensor', 'MotionDetected');
      const on = findChar(db, FIXTURE_SWITCH, 'Switch', 'On');
      await childClient.subscribe([motion]);
      await childClient.write(on.aid, on.iid, true);
      await childClient.waitForEvent((e) => e.iid === motion.iid && e.value === 1, 10_000);
      // In a child bridge the plugin logs under its package name, not the platform name.
      await hb.waitForLog(/\[homebridge-harness-fixture\] switch set to true/);

      const externalClient = await hb.pair(external);
      const externalDb = await externalClient.accessories();
      expect(findChar(externalDb, external.name, 'AccessoryInformation', 'Name').value).toBe(external.name);
      const externalOn = findChar(externalDb, 1, 'Switch', 'On');
      await externalClient.write(externalOn.aid, externalOn.iid, true);
      expect(await externalClient.read(externalOn.aid, externalOn.iid)).toBe(1);

      const pid = hb.pid as number;
      const children = descendantsOf(pid);
      expect(children.length).toBeGreaterThan(0);
      const ports = boundSocketsOf(pid).map((s) => s.port);
      expect(ports).toEqual(expect.arrayContaining([hb.port, child.port, external.port]));
      expect(nonLoopbackSockets(pid)).toEqual([]);

      await childClient.unpair();
      await externalClient.unpair();
      await hb.stop();
      expect([pid, ...children].filter(isAlive)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
