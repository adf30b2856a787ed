/**
 * Loaded with `--import` into the footprint benchmark's Homebridge when it runs the peer plugin
 * (after the harness's Ring redirect): the peer installs its own ring-client-api, with its own copy
 * of @eneris/push-receiver, which the redirect (patching the copy beside this repository's
 * ring-client-api) does not reach. Unpatched, the peer's receiver asks FCM for credentials, is
 * refused by the loopback guard and never gets a push, so it would be measured without the push
 * connection ours has and its event run would be no run at all. REST, the location socket and
 * snapshots reach the emulator without this (the fetch and undici dispatcher patches are global).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pushUrlFor } from '../redirect/install.js';
import { installPushRedirect, type PushReceiverClass } from '../redirect/push-redirect.js';

const peer = process.env.TRYGR_FOOTPRINT_PEER_DIR;
const cloudUrl = process.env.TRYGR_RING_CLOUD_URL;

if (peer && cloudUrl) {
  const peerRingRequire = createRequire(createRequire(join(peer, 'package.json')).resolve('ring-client-api'));
  const { PushReceiver } = peerRingRequire('@eneris/push-receiver') as { PushReceiver: PushReceiverClass };
  installPushRedirect(PushReceiver, pushUrlFor(cloudUrl));
}
