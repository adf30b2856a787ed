import type { API, DynamicPlatformPlugin, Logging, PlatformAccessory, PlatformConfig } from 'homebridge';
import { parseConfig, type TrygrConfig } from '../config/parse-config.js';
import { RingLogSink } from '../ring/ring-log.js';
import { RingConnection, type RingHome } from '../ring/ring-connection.js';
import { loadSystemId } from '../ring/system-id.js';
import { countsLine } from './summary.js';

export const SIGN_IN_HINT = 'Open Homebridge UI > Plugins > Trygr > Settings and sign in with your Ring account.';

/**
 * The Homebridge entry point. It restores cached accessories at once, and only talks to Ring
 * after Homebridge has finished launching, so a slow or absent Ring never delays the bridge.
 */
export class TrygrPlatform implements DynamicPlatformPlugin {
  private readonly cached = new Map<string, PlatformAccessory>();
  private readonly config: TrygrConfig;
  private connection?: RingConnection;
  private stopped = false;

  constructor(
    private readonly log: Logging,
    rawConfig: PlatformConfig,
    private readonly api: API,
  ) {
    const { config, problems } = parseConfig(rawConfig);
    this.config = config;
    for (const problem of problems) {
      this.log.error(`Config: ${problem.message}`);
    }
    api.on('didFinishLaunching', () => {
      this.start().catch((error: unknown) => {
        this.log.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    api.on('shutdown', () => this.shutdown());
  }

  configureAccessory(accessory: PlatformAccessory): void {
    this.cached.set(accessory.UUID, accessory);
  }

  private async start(): Promise<void> {
    const token = this.config.refreshToken;
    if (!token) {
      this.log.warn(`Not signed in to Ring. ${SIGN_IN_HINT}`);
      return;
    }
    const systemId = await loadSystemId(this.api.user.storagePath());
    const sink = new RingLogSink(this.log);
    this.connection = new RingConnection({
      log: this.log,
      sink,
      config: this.config,
      systemId,
      newestToken: () => token,
      watchTokens: (updates) => updates.subscribe(),
    });
    const outcome = await this.connection.connect();
    if (this.stopped) {
      return;
    }
    switch (outcome.kind) {
      case 'rejected':
        this.log.error(`Ring refused the saved sign-in (it was revoked or has expired). ${SIGN_IN_HINT}`);
        return;
      case 'cancelled':
        return;
      case 'connected':
        await this.onConnected(outcome.home);
    }
  }

  private async onConnected(home: RingHome): Promise<void> {
    this.log.info(`Connected to Ring: ${home.locations.length} location${home.locations.length === 1 ? '' : 's'}.`);
    for (const [index, location] of home.locations.entries()) {
      const alarmDevices = location.hasHubs ? (await location.getDevices()).length : 0;
      this.log.info(`Location ${index + 1} of ${home.locations.length}: ${countsLine(location.cameras.length, location.chimes.length, alarmDevices)}.`);
      this.log.debug(`Location ${index + 1} is "${location.name}".`);
    }
  }

  private shutdown(): void {
    this.stopped = true;
    this.connection?.shutdown();
  }
}
