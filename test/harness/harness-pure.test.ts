/** The harness's pure parts: argument rewriting, log matching, HAP names, /proc parsing. */
import { createHash } from 'node:crypto';
import { findAccessory, findChar, normalizeDb } from './accessory-db.js';
import { characteristicName, characteristicUuid, normalizeUuid, serviceName, serviceUuid } from './hap-types.js';
import { buildHomebridgeConfig, publishedName, randomUsername } from './homebridge-config.js';
import { bridgeReadyPattern, parseExternalAccessories } from './homebridge-log.js';
import { LogBuffer, findLine } from './log-buffer.js';
import { rewriteBindArgs, rewriteListenArgs } from './loopback-guard.js';
import { shouldArmWatchdog } from './parent-watchdog.js';
import { compressIpv6, decodeProcAddress, parseProcNet } from './sockets.js';

describe('loopback guard argument rewriting', () => {
  const cb = (): void => undefined;

  it('moves listen(port) and listen(port, "0.0.0.0", cb) to 127.0.0.1, keeping the callback', () => {
    expect(rewriteListenArgs([51826]).args).toEqual([{ port: 51826, host: '127.0.0.1' }]);
    expect(rewriteListenArgs([51826, '0.0.0.0', cb]).args).toEqual([{ port: 51826, host: '127.0.0.1' }, cb]);
    expect(rewriteListenArgs([0, '::', 511, cb]).args).toEqual([{ port: 0, host: '127.0.0.1', backlog: 511 }, cb]);
    expect(rewriteListenArgs([]).args).toEqual([{ port: 0, host: '127.0.0.1' }]);
  });

  it('moves listen({port}) and drops ipv6Only, but leaves explicit hosts, IPC paths and handles alone', () => {
    expect(rewriteListenArgs([{ port: 80, host: '::', ipv6Only: true }]).args).toEqual([{ port: 80, host: '127.0.0.1' }]);
    expect(rewriteListenArgs([8080, '127.0.0.1']).rewrittenPort).toBeUndefined();
    expect(rewriteListenArgs([{ port: 1, host: '192.0.2.1' }]).rewrittenPort).toBeUndefined();
    expect(rewriteListenArgs(['/tmp/sock']).rewrittenPort).toBeUndefined();
    expect(rewriteListenArgs([{ path: '/tmp/sock' }]).rewrittenPort).toBeUndefined();
    expect(rewriteListenArgs([{ fd: 3 }]).rewrittenPort).toBeUndefined();
  });

  it('binds udp sockets to the loopback of their family', () => {
    expect(rewriteBindArgs([5353, cb], 'udp4').args).toEqual([{ port: 5353, address: '127.0.0.1' }, cb]);
    expect(rewriteBindArgs([5353], 'udp6').args).toEqual([{ port: 5353, address: '::1' }]);
    expect(rewriteBindArgs([{ port: 0, exclusive: true }, null], 'udp4').args).toEqual([{ port: 0, exclusive: true, address: '127.0.0.1' }]);
    expect(rewriteBindArgs([5000, '127.0.0.1'], 'udp4').rewrittenPort).toBeUndefined();
  });
});

describe('log buffer', () => {
  it('matches only complete lines, so a port number cut by a chunk boundary is never read early', () => {
    const text = 'a\nis running on port 51';
    expect(findLine(text, /port (\d+)\.$/, 0, text.lastIndexOf('\n') + 1)).toBeUndefined();
  });

  it('resolves a waiter when the rest of the line arrives, and fails with the last lines on close', async () => {
    const log = new LogBuffer();
    const waiting = log.waitFor(/running on port \d+\./, 0, 1000);
    log.append('Homebridge is running on port 51');
    log.append('999.\nnext\n');
    await expect(waiting).resolves.toBe('Homebridge is running on port 51999.');

    const never = log.waitFor(/never/, 0, 1000);
    log.close('Homebridge exited (code 1)');
    await expect(never).rejects.toThrow(/Homebridge exited \(code 1\)[\s\S]*last log lines[\s\S]*next/);
  });

  it('times out with the pattern in the message', async () => {
    const log = new LogBuffer();
    log.append('only line\n');
    await expect(log.waitFor(/absent/, 0, 20)).rejects.toThrow(/timed out after 20 ms[\s\S]*\/absent\/[\s\S]*only line/);
  });
});

describe('HAP names and UUIDs', () => {
  it('expands short forms and maps hap-nodejs names both ways', () => {
    expect(normalizeUuid('85')).toBe('00000085-0000-1000-8000-0026BB765291');
    expect(serviceUuid('MotionSensor')).toBe('00000085-0000-1000-8000-0026BB765291');
    expect(characteristicUuid('MotionDetected')).toBe('00000022-0000-1000-8000-0026BB765291');
    expect(serviceName('3E')).toBe('AccessoryInformation');
    expect(characteristicName('00000025-0000-1000-8000-0026bb765291')).toBe('On');
    expect(serviceName('00000096-0000-1000-8000-0026BB765291')).toBe('Battery');
    expect(() => serviceUuid('NoSuchService')).toThrow(/unknown HAP service/);
  });

  it('finds a characteristic by accessory name and type names, whatever UUID form the db uses', () => {
    const db = normalizeDb({
      accessories: [
        { aid: 1, services: [{ iid: 1, type: '3E', characteristics: [{ iid: 2, type: '23', value: 'Bridge', perms: ['pr'] }] }] },
        {
          aid: 2,
          services: [
            { iid: 1, type: '0000003E-0000-1000-8000-0026BB765291', characteristics: [{ iid: 2, type: '23', value: 'Front Door', perms: ['pr'] }] },
            { iid: 8, type: '85', characteristics: [{ iid: 9, type: '22', value: 0, perms: ['pr', 'ev'] }] },
          ],
        },
      ],
    });
    expect(findChar(db, 'Front Door', 'MotionSensor', 'MotionDetected')).toMatchObject({ aid: 2, iid: 9 });
    expect(findAccessory(db, 'Bridge').aid).toBe(1);
    expect(() => findChar(db, 'Front Door', 'Switch', 'On')).toThrow(/no service match[\s\S]*MotionSensor#8/);
  });
});

describe('Homebridge config and log parsing', () => {
  it('makes valid, locally administered usernames', () => {
    expect(randomUsername(Buffer.from([0xff, 1, 2, 3, 4, 5]))).toBe('FE:01:02:03:04:05');
    expect(randomUsername()).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
  });

  it('computes the name hap-nodejs publishes', () => {
    const suffix = createHash('sha512').update('AA:BB:CC:DD:EE:FF').digest('hex').slice(0, 4).toUpperCase();
    expect(publishedName('Bridge', 'AA:BB:CC:DD:EE:FF')).toBe(`Bridge ${suffix}`);
  });

  it('puts only the chosen platform in the child bridge and binds loopback', () => {
    const config = buildHomebridgeConfig({
      bridge: { name: 'B', username: '02:00:00:00:00:01', port: 1 },
      platforms: [{ platform: 'Trygr' }, { platform: 'Other' }],
      childBridge: { platform: 'Trygr', name: 'C', username: '02:00:00:00:00:02', port: 2 },
    }) as { bridge: { bind: string[]; pin: string }; platforms: Array<{ _bridge?: unknown }> };
    expect(config.bridge.bind).toEqual(['127.0.0.1']);
    expect(config.platforms[0]._bridge).toEqual({ username: '02:00:00:00:00:02', port: 2, name: 'C' });
    expect(config.platforms[1]._bridge).toBeUndefined();
  });

  it('reads external accessories from the listening lines and the bridge ready line', () => {
    const log = [
      'Publishing external accessory (name: Front Door, publishInfo: {',
      "  username: '0E:5A:11:22:33:44',",
      '  port: undefined,',
      'Front Door 1A2B is running on port 40001.',
      'Please add [Front Door 1A2B] manually in Home app. Setup Code: 031-45-154',
      '',
    ].join('\n');
    expect(parseExternalAccessories(log)).toEqual([{ name: 'Front Door 1A2B', pin: '031-45-154', port: 40001, username: '0E:5A:11:22:33:44' }]);
    expect(bridgeReadyPattern('B (1)', 5).test('Homebridge v1.11.4 (HAP v0.14.3) (B (1)) is running on port 5.')).toBe(true);
  });
});

describe('sockets and watchdog', () => {
  it('decodes /proc/net addresses and keeps only listening TCP sockets', () => {
    expect(decodeProcAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeProcAddress('00000000000000000000000001000000')).toBe('::1');
    expect(decodeProcAddress('00000000000000000000000000000000')).toBe('::');
    expect(compressIpv6(['fd00', '0', '0', '0', '0', '0', '0', '2'])).toBe('fd00::2');
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:CA52 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0',
      '   1: 0100007F:CA52 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 222 1 0',
    ].join('\n');
    expect(parseProcNet('tcp', tcp)).toEqual([{ proto: 'tcp', address: '127.0.0.1', port: 0xca52, inode: 111 }]);
  });

  it('arms the parent watchdog only in the process the runner spawned', () => {
    expect(shouldArmWatchdog('100', 100)).toBe(true);
    expect(shouldArmWatchdog('100', 200)).toBe(false);
    expect(shouldArmWatchdog(undefined, 100)).toBe(false);
  });
});
