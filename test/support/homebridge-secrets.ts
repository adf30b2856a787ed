/**
 * The log scan for end-to-end tests: everything secret that a Homebridge run could have seen
 * (every token the emulator issued, the test account's email, password and 2FA code, and the
 * hardware id ring-client-api derives from the plugin's system id) must be absent from its log.
 */
import { existsSync, readFileSync } from 'node:fs';
import { pluginFiles } from '../../src/config/plugin-files.js';
import { getHardwareId } from 'ring-client-api/util';
import type { RingCloud } from '../emulator/index.js';
import type { HomebridgeProcess } from '../harness/index.js';
import { expectNoSecrets } from './log-scan.js';

export async function secretsOf(cloud: RingCloud, hb?: HomebridgeProcess): Promise<string[]> {
  const secrets = [...cloud.tokensIssued(), cloud.account.email, cloud.account.password, cloud.account.twoFactorCode];
  const systemIdFile = hb && pluginFiles(hb.storagePath).systemIdFile;
  if (systemIdFile && existsSync(systemIdFile)) {
    secrets.push(await getHardwareId(readFileSync(systemIdFile, 'utf8').trim()));
  }
  return secrets;
}

export async function expectNoSecretsInLog(hb: HomebridgeProcess, cloud: RingCloud): Promise<void> {
  expectNoSecrets(hb.logs(), await secretsOf(cloud, hb));
}
