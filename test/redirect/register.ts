/**
 * `node --import ./.build/test/redirect/register.js <script>`: installs the Ring redirect before
 * the script (or Homebridge) loads ring-client-api. The emulator URL comes from
 * `TRYGR_RING_CLOUD_URL`; without it nothing is redirected, but every connection to a
 * non-loopback host is still refused. `TRYGR_STUN_ADDRESS` (e.g. 127.0.0.1) is where STUN server
 * names resolve (see stun-redirect.ts).
 */
import { installRingRedirect } from './install.js';

const cloudUrl = process.env.TRYGR_RING_CLOUD_URL || undefined;
installRingRedirect(cloudUrl, { stunAddress: process.env.TRYGR_STUN_ADDRESS || undefined });
process.stderr.write(
  cloudUrl
    ? `[trygr redirect] Ring cloud redirected to ${cloudUrl}; other non-loopback hosts are blocked\n`
    : '[trygr redirect] TRYGR_RING_CLOUD_URL not set: Ring is not reachable, all non-loopback hosts are blocked\n',
);
