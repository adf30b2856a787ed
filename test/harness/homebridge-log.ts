/** What the harness reads out of Homebridge's log lines (1.11 and 2.x print them alike). Pure functions over text. */
import type { HapEndpoint } from './hap-client.js';

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** bridgeService.publishBridge: "Homebridge v1.11.4 (HAP v0.14.3) (<name>) is running on port <port>." */
export function bridgeReadyPattern(name: string, port: number): RegExp {
  return new RegExp(`Homebridge v\\S+ \\(HAP v\\S+\\) \\(${escapeRegExp(name)}\\) is running on port ${port}\\.`);
}

/** Printed once per external accessory: "Please add [<name>] manually in Home app. Setup Code: <pin>". */
export const EXTERNAL_SETUP_LINE = /Please add \[(.+)\] manually in Home app\. Setup Code: (\d{3}-\d{2}-\d{3})/;

export function externalPortPattern(name: string): RegExp {
  return new RegExp(`${escapeRegExp(name)} is running on port (\\d+)\\.`);
}

/** The debug line (-D) carries the external accessory's HAP username; optional. */
export function externalUsernamePattern(name: string): RegExp {
  return new RegExp(`Publishing external accessory \\(name: ${escapeRegExp(name)}, publishInfo: \\{\\s*username: '([0-9A-F:]+)'`);
}

/**
 * External accessories published so far, from the log text of one run. Homebridge logs the port
 * line and the setup-code line together in the accessory's "listening" handler.
 */
export function parseExternalAccessories(text: string): HapEndpoint[] {
  const lines = text.split('\n');
  const found: HapEndpoint[] = [];
  for (const line of lines) {
    const setup = EXTERNAL_SETUP_LINE.exec(line);
    if (!setup) continue;
    const [, name, pin] = setup;
    const portLine = lines.map((l) => externalPortPattern(name).exec(l)).find(Boolean);
    if (!portLine) continue;
    // The debug line names the accessory before hap-nodejs appended its suffix, and prints the
    // publishInfo object over several lines: join them to find the username.
    const baseName = name.replace(/ [0-9A-F]{4}$/, '');
    const username = externalUsernamePattern(baseName).exec(text.replace(/\n\s*/g, ' '))?.[1];
    found.push({ name, pin, port: Number(portLine[1]), ...(username ? { username } : {}) });
  }
  return found;
}
