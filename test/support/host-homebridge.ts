/**
 * What the in-process accessory tests take from Homebridge's API object (`api.hap`, and
 * `api.platformAccessory` to build accessories), from the Homebridge the suite runs against: the
 * repository's 1.11, or Homebridge 2 with its @homebridge/hap-nodejs in CI's second lane
 * (TRYGR_LANE_DIR). A static `import 'homebridge/lib/api.js'` would always be the repository's, and
 * lane 2 would test these accessories on the old HAP library only.
 *
 * Not the whole HomebridgeAPI: Homebridge 2's api.js loads its plugin manager, which calls
 * `require.resolve.paths('')` at import, and Jest's require refuses the empty string.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { API, PlatformAccessory } from 'homebridge';
import { hostHap } from '../harness/hap-types.js';
import { hostPackage } from '../harness/repo-paths.js';

/**
 * `api.hap` (the hap-nodejs module itself, as in Homebridge) and `api.platformAccessory` are real;
 * any other member throws, naming itself, so a test that starts to need more says so at once.
 */
export async function newHomebridgeApi(): Promise<API> {
  const { dir, manifest } = hostPackage('homebridge');
  // Homebridge 1 is CommonJS under lib/, Homebridge 2 ESM under dist/ (and its `exports` hides both).
  const file = Number(manifest.version.split('.')[0]) >= 2 ? 'dist/platformAccessory.js' : 'lib/platformAccessory.js';
  const loaded = (await import(pathToFileURL(path.join(dir, file)).href)) as { PlatformAccessory: typeof PlatformAccessory };
  const real: Partial<API> = { hap: hostHap(), platformAccessory: loaded.PlatformAccessory };
  return new Proxy(real, {
    get(target, key) {
      // `then` is probed by await, symbols by inspection: neither is an API member.
      if (key in target || typeof key === 'symbol' || key === 'then') return target[key as keyof API];
      throw new Error(`test API (test/support/host-homebridge.ts): api.${key} is not provided, only hap and platformAccessory`);
    },
  }) as API;
}
