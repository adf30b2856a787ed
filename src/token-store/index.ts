/** The token store: keeps Ring's single-use refresh token across rotations, crashes and UI saves. */
export { TokenStore } from './token-store.js';
export type { RefreshTokenSource, RotationStatus, StartupToken, TokenStoreOptions, TokenStoreStats } from './token-store-types.js';
export type { TokenStoreLogger } from './store-logging.js';
export { fingerprint, innerRefreshToken, sameToken } from './token-identity.js';
export { ConfigParseError, PlatformBlockNotFoundError, readPlatformBlock, readRefreshToken, withRefreshToken, withoutRefreshToken } from './config-text.js';
export { resolveStartup } from './startup-resolution.js';
export type { StartupCase, StartupDecision } from './startup-resolution.js';
export type { SidecarState } from './sidecar-state.js';
export type { TokenFiles } from './token-files.js';
export { nodeTokenFiles } from './token-files.js';
export { FileChangeWatcher } from './file-change-watcher.js';
