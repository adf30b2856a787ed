/** The real-Homebridge test harness: import everything from here. See README.md. */
export { startHomebridge, HomebridgeProcess, type StartHomebridgeOptions } from './homebridge-process.js';
export { HapClient, HapStatusError, PairSetupError, LOOPBACK, type CharRef, type HapEndpoint, type HapEvent } from './hap-client.js';
export {
  accessoryName,
  describeDb,
  findAccessory,
  findChar,
  findCharInService,
  findService,
  findServices,
  serviceDisplayName,
  type AccessoryDb,
  type HapAccessory,
  type HapCharacteristic,
  type HapService,
  type ServiceMatch,
  type ServiceQuery,
} from './accessory-db.js';
export {
  APPLE_UUID_SUFFIX,
  characteristicName,
  characteristicUuid,
  normalizeUuid,
  sameCharacteristicType,
  sameServiceType,
  serviceName,
  serviceUuid,
} from './hap-types.js';
export { HARNESS_PIN, publishedName } from './homebridge-config.js';
export { liveCounts, stopAll } from './registry.js';
export { HarnessTimeoutError } from './with-timeout.js';
export { boundSocketsOf, isLoopbackAddress, type BoundSocket } from './sockets.js';
export { descendantsOf, isAlive } from './process-tree.js';
export { FIXTURE_EXTERNAL, FIXTURE_PLATFORM, FIXTURE_PLUGIN_NAME, FIXTURE_SENSOR, FIXTURE_SWITCH } from './fixture-plugin.js';
