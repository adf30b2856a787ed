import type { API } from 'homebridge';
import { deferFirstUseImports } from './ring/deferred-imports/install.js';
import { PLATFORM_NAME } from './settings.js';

// Before the platform's modules load: the hooks give them and ring-client-api one rxjs between
// them (single-file-rxjs.ts), which only holds if none of them has imported rxjs yet.
deferFirstUseImports();
const { TrygrPlatform } = await import('./platform/platform.js');

export default (api: API): void => {
  api.registerPlatform(PLATFORM_NAME, TrygrPlatform);
};
