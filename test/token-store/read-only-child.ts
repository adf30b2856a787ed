/**
 * Run by read-only.test.ts as an unprivileged user (root ignores file modes): starts a token store
 * against a config.json that really cannot be written, rotates tokens, and prints what happened as
 * one JSON line. Arguments: configPath storagePath rotationCount.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readRefreshToken, TokenStore } from '../../src/token-store/index.js';

const [configPath, storagePath, count] = process.argv.slice(2) as [string, string, string];
const lines: { level: string; message: string }[] = [];
const record = (level: string) => (message: string) => void lines.push({ level, message });
const log = { info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug') };

const observers: ((update: { newRefreshToken: string }) => void)[] = [];
const source = {
  subscribe(observer: { next: (update: { newRefreshToken: string }) => void }) {
    observers.push(observer.next);
    return { unsubscribe: () => undefined };
  },
};

const store = new TokenStore({ configPath, storagePath, log });
const startup = await store.resolveStartupToken(readRefreshToken(await readFile(configPath, 'utf8')));
store.watch(source);
const tokens: string[] = [];
for (let n = 0; n < Number(count); n += 1) {
  const token = Buffer.from(JSON.stringify({ rt: randomBytes(24).toString('base64url'), hid: 'child-hid' })).toString('base64');
  tokens.push(token);
  observers.forEach((next) => next({ newRefreshToken: token }));
  if (n % 3 === 0) await store.flush();
}
await store.flush();
process.stdout.write(JSON.stringify({ uid: process.getuid?.(), startup: startup.source, tokens, lines }) + '\n');
