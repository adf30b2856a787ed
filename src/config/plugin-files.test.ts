import { pluginFiles, sidecarFileName } from './plugin-files.js';

const STORAGE = '/var/lib/homebridge';

describe('where the plugin keeps its files', () => {
  test('a main bridge keeps the paths every earlier version used', () => {
    expect(pluginFiles(STORAGE)).toEqual({
      root: '/var/lib/homebridge/trygr',
      folder: '/var/lib/homebridge/trygr',
      statusFile: '/var/lib/homebridge/trygr/status.json',
      switchesFile: '/var/lib/homebridge/trygr/privacy-switches.json',
      camerasFile: '/var/lib/homebridge/trygr/cameras.json',
      auditDir: '/var/lib/homebridge/trygr/audit',
      systemIdFile: '/var/lib/homebridge/trygr/system-id',
      sidecarFile: '/var/lib/homebridge/trygr/token.json',
    });
  });

  test('a child bridge has a folder of its own, named by its username without colons, and knows the shared files', () => {
    const files = pluginFiles(STORAGE, '0e:aa:bb:cc:dd:01');
    expect(files).toEqual({
      bridgeUsername: '0e:aa:bb:cc:dd:01',
      root: '/var/lib/homebridge/trygr',
      folder: '/var/lib/homebridge/trygr/0EAABBCCDD01',
      statusFile: '/var/lib/homebridge/trygr/0EAABBCCDD01/status.json',
      switchesFile: '/var/lib/homebridge/trygr/0EAABBCCDD01/privacy-switches.json',
      camerasFile: '/var/lib/homebridge/trygr/0EAABBCCDD01/cameras.json',
      auditDir: '/var/lib/homebridge/trygr/0EAABBCCDD01/audit',
      systemIdFile: '/var/lib/homebridge/trygr/0EAABBCCDD01/system-id',
      sidecarFile: '/var/lib/homebridge/trygr/token-0EAABBCCDD01.json',
      legacy: { switchesFile: '/var/lib/homebridge/trygr/privacy-switches.json', systemIdFile: '/var/lib/homebridge/trygr/system-id' },
    });
  });

  test('two child bridges share no file, and neither shares one with the main bridge', () => {
    const sets = [pluginFiles(STORAGE), pluginFiles(STORAGE, '0E:AA:BB:CC:DD:01'), pluginFiles(STORAGE, '0E:AA:BB:CC:DD:02')];
    const paths = sets.flatMap((files) => [files.statusFile, files.switchesFile, files.auditDir, files.systemIdFile, files.sidecarFile]);
    expect(new Set(paths).size).toBe(paths.length);
  });

  test('a username that is not one still gets a folder below the root, never the root or a parent', () => {
    for (const odd of ['::', '../..', '']) {
      const files = pluginFiles(STORAGE, odd);
      expect(files.folder.startsWith('/var/lib/homebridge/trygr/')).toBe(true);
      expect(files.folder).not.toBe(files.root);
    }
  });

  test("the sidecar keeps the token store's name", () => {
    expect(sidecarFileName()).toBe('token.json');
    expect(sidecarFileName('0e:aa:bb:cc:dd:ee')).toBe('token-0EAABBCCDDEE.json');
  });
});
