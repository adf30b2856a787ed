/**
 * A tiny "Homebridge process" for rejection-guard.test.ts: optionally installs the plugin's
 * rejection guard (the built one), plays one scenario of unhandled rejections, prints what it
 * observed as JSON lines on stdout, and exits 0 if it survived. Crashes are what the test watches.
 *
 *   node rejection-guard-child.js <scenario> <guard: yes|no> <other-copy folder>
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [scenario, withGuard, otherCopy] = process.argv.slice(2);
const say = (record: Record<string, unknown>): void => {
  process.stdout.write(JSON.stringify(record) + '\n');
};

/** A rejection made inside our own ring-client-api: a refresh token Ring refuses. */
async function ringRejection(): Promise<void> {
  const { RingRestClient } = (await import('ring-client-api/rest-client')) as typeof import('ring-client-api/rest-client');
  globalThis.fetch = (async () => new Response('{"error":"invalid_grant"}', { status: 401 })) as typeof fetch;
  const client = new RingRestClient({ refreshToken: 'not-a-real-token', systemId: 'rejection-guard-test' });
  void client.getAuth(); // unhandled, as ring-client-api leaves some of its own
}

/** A rejection made in another plugin's own copy of ring-client-api (a different folder). */
async function otherCopyRejection(): Promise<void> {
  const module = (await import(pathToFileURL(join(otherCopy, 'node_modules/ring-client-api/lib/fail.mjs')).href)) as { fail(): Promise<void> };
  void module.fail();
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  if (withGuard === 'yes') {
    const modulePath = process.env.TRYGR_GUARD_MODULE ?? join(process.cwd(), 'dist/ring/rejection-guard.js');
    const { guardRingRejections } = (await import(pathToFileURL(modulePath).href)) as typeof import('../../src/ring/rejection-guard.js');
    const line = (level: string) => (message: string) => say({ log: level, message });
    guardRingRejections({ info: line('info'), warn: line('warn'), error: line('error'), debug: line('debug') });
  }
  switch (scenario) {
    case 'foreign-error':
      void Promise.reject(new Error('boom from another plugin'));
      break;
    case 'foreign-mentions-ring':
      void Promise.reject(new Error('another plugin: ring-client-api is not installed'));
      break;
    case 'foreign-string':
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the case under test: a plugin rejecting with a string
      void Promise.reject('a plain string');
      break;
    case 'foreign-with-other-listener':
      process.on('unhandledRejection', (reason) => say({ otherListener: String(reason) }));
      void Promise.reject(new Error('handled by another plugin'));
      break;
    case 'foreign-with-uncaught-listener':
      process.on('uncaughtException', (error, origin) => say({ uncaught: String(error), origin }));
      void Promise.reject(new Error('first foreign'));
      await ringRejection();
      await settle(300);
      // Still guarded after stepping aside for the foreign one.
      await ringRejection();
      await settle(300);
      void Promise.reject(new Error('second foreign'));
      break;
    case 'ring':
      await ringRejection();
      break;
    case 'other-copy':
      await otherCopyRejection();
      break;
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
  await settle(500);
  say({ survived: true });
}

void main();
