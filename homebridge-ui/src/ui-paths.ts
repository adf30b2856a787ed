import { join } from 'node:path';

/** Where Homebridge keeps its files, as the Homebridge UI tells the forked server (HOMEBRIDGE_* variables). */
export interface UiPaths {
  readonly storagePath: string;
  readonly configPath: string;
}

export function uiPathsFromEnv(env: NodeJS.ProcessEnv = process.env): UiPaths {
  const storagePath = env.HOMEBRIDGE_STORAGE_PATH;
  if (!storagePath) {
    throw new Error('HOMEBRIDGE_STORAGE_PATH is not set: this server is meant to be started by the Homebridge UI.');
  }
  return { storagePath, configPath: env.HOMEBRIDGE_CONFIG_PATH || join(storagePath, 'config.json') };
}
