/**
 * Run by deferred-imports.test.ts in a plain Node process (Jest's module runtime stands in for
 * require, so the stand-ins' real loading is checked here): defers the packages as the platform
 * does, imports ring-client-api and its util as the connection does, reports what loaded, then uses
 * one stand-in of each package and reports whether the real export answered. Prints one JSON line.
 */
import { createRequire } from 'node:module';
import { deferFirstUseImports } from '../../src/ring/deferred-imports/install.js';
import { lazyExport, loadedDeferredPackages } from '../../src/ring/deferred-imports/stand-in.js';
import { packagesOf } from '../support/module-packages.js';

const cjsPackages = () => packagesOf(Object.keys(createRequire(import.meta.url).cache));

const deferral = deferFirstUseImports();
const ring = createRequire(createRequire(import.meta.url).resolve('ring-client-api'));
await Promise.all([import('ring-client-api'), import('ring-client-api/util')]);
const afterImport = { deferred: loadedDeferredPackages(), cjs: [...cjsPackages()].filter((name) => /werift|peculiar|cross-spawn|systeminformation/.test(name)) };

// ring-client-api's own peer connection: builds a real RTCPeerConnection through the stand-ins (no network before an offer).
const { WeriftPeerConnection } = (await import(new URL('streaming/peer-connection.js', `file://${ring.resolve('ring-client-api')}`).href)) as {
  WeriftPeerConnection: new () => { pc: object; close(): void };
};
const peer = new WeriftPeerConnection();
const realWerift = ring('werift') as { RTCPeerConnection: new () => object };
// With the stand-ins werift's CommonJS build answers; without them ring-client-api has its ES build.
const weriftBuild = peer.pc instanceof realWerift.RTCPeerConnection ? 'commonjs' : peer.pc.constructor.name === 'RTCPeerConnection' ? 'module' : 'other';
peer.close();

const cameraUtils = createRequire(ring.resolve('ring-client-api'))('@homebridge/camera-utils') as { RtpSplitter: { prototype: object } };
const splitter = lazyExport('@homebridge/camera-utils', 'RtpSplitter') as { prototype: object };
const cameraUtilsReal = splitter.prototype === cameraUtils.RtpSplitter.prototype;

// Without a systemId the library asks systeminformation (its `uuid`, imported under another name) for the machine's id.
const { getHardwareId } = (await import('ring-client-api/util')) as { getHardwareId: (systemId?: string) => Promise<string> };
const hardwareId = await getHardwareId();
const hardwareIdIsUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(hardwareId);

// Which rxjs files are loaded now that every deferred package is: camera-utils imports rxjs too.
const rxjsFiles = Object.keys(createRequire(import.meta.url).cache)
  .filter((file) => file.includes('/node_modules/rxjs/'))
  .map((file) => file.replace(/^.*\/node_modules\/rxjs\//, ''));
const rxjsBuilds = [...new Set(rxjsFiles.map((file) => (file.startsWith('dist/bundles/') ? 'single file' : file.split('/').slice(0, 2).join('/'))))].sort();

console.log(JSON.stringify({ deferral, afterImport, weriftBuild, cameraUtilsReal, hardwareIdIsUuid, loaded: loadedDeferredPackages().sort(), rxjsBuilds }));
process.exit(0);
