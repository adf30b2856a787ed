import { createRequire } from 'node:module';

/**
 * `require` as ring-client-api sees it. The guards patch the copies of undici and
 * @eneris/push-receiver that the library loads, which npm may have installed beside it rather than
 * beside us. Throws when ring-client-api itself cannot be resolved.
 */
export function ringRequire(): NodeJS.Require {
  return createRequire(ringEntry());
}

/** The file ring-client-api's package resolves to. */
export function ringEntry(): string {
  return createRequire(import.meta.url).resolve('ring-client-api');
}
