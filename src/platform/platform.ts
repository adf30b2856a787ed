import type { API, DynamicPlatformPlugin, Logging, PlatformAccessory, PlatformConfig } from 'homebridge';
import type { Subscription } from 'rxjs';
import { parseConfig, type TrygrConfig } from '../config/parse-config.js';
import { RingLogSink } from '../ring/ring-log.js';
import { RingConnection } from '../ring/ring-connection.js';
import { guardRingRejections } from '../ring/rejection-guard.js';
import { guardStreamErrors } from '../ring/stream-error-guard.js';
import { guardRingSocketListeners } from '../ring/socket-listener-guard.js';
import { capPushReceiverIds } from '../ring/push-id-cap.js';
import { foldRingRetries } from '../ring/retry-digest.js';
import { deferFirstUseImports, deferralLine, rxjsSource } from '../ring/deferred-imports/install.js';
import { TokenStore } from '../token-store/index.js';
import { loadPolicy } from './load-policy.js';
import { RingSession } from './ring-session.js';
import { KnownCamerasFile } from './known-cameras-file.js';
import { PolicyReloader } from './policy-reload.js';
import { SnapshotServer } from './snapshot-server.js';
import { StatusPublisher } from './status-publisher.js';
import { startPushHealth } from './push-health-publisher.js';
import { PushWatchdog } from './push-watchdog.js';
import { keepPluginFolderPrivate } from './private-folder.js';
import { pluginFiles } from '../config/plugin-files.js';
import { carryOverSwitches, loadOrCreateSystemId } from '../config/private-files.js';
// Not the audit barrel: it also carries the ledger's reader and summariser, which only the panel and CLI use.
import { AuditLedger } from '../privacy/audit/audit-ledger.js';
import { auditSettingsFromPrivacy } from '../privacy/audit/audit-settings.js';
import { decisionLogger } from '../privacy/decision-log.js';
import { whichBridge } from './which-bridge.js';

export const SIGN_IN_HINT = 'Open Homebridge UI > Plugins > Trygr > Settings and sign in with your Ring account.';

/**
 * The Homebridge entry point. Cached accessories are restored at once; Ring is contacted only
 * after Homebridge has finished launching, so a slow or absent Ring never delays the bridge.
 */
export class TrygrPlatform implements DynamicPlatformPlugin {
  private readonly cached = new Map<string, PlatformAccessory>();
  private readonly config: TrygrConfig;
  private tokens?: TokenStore;
  private session?: RingSession;
  private signInWatch?: { close(): void };
  private signOutWatch?: { close(): void };
  /** The connection accessories are bound to now; a late word about an older one is ignored. */
  private connection?: RingConnection;
  private policyReload?: PolicyReloader;
  private status?: StatusPublisher;
  private audit?: AuditLedger;
  private pushHealth?: { stop(): void };
  private readonly snapshots = new SnapshotServer();
  private stopped = false;

  constructor(
    private readonly log: Logging,
    private readonly rawConfig: PlatformConfig,
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
    guardRingRejections(this.log);
    guardStreamErrors(this.log);
    guardRingSocketListeners(this.log);
    capPushReceiverIds(this.log);
    this.log.debug(deferralLine(deferFirstUseImports(), rxjsSource()));
    const storagePath = this.api.user.storagePath();
    // Everything per bridge (token block and sidecar, status, switches, ledger, system id) follows from this.
    const bridgeUsername = await whichBridge(this.api.user.configPath(), this.rawConfig, this.config.bridgeUsername, this.log);
    const files = pluginFiles(storagePath, bridgeUsername);
    await keepPluginFolderPrivate(files.root, this.log);
    if (files.folder !== files.root) await keepPluginFolderPrivate(files.folder, this.log);
    const carried = await carryOverSwitches(files);
    if (carried) this.log[carried.level](carried.message);
    const tokens = new TokenStore({
      configPath: this.api.user.configPath(),
      storagePath,
      bridgeUsername,
      log: this.log,
    });
    this.tokens = tokens;
    const status = new StatusPublisher(files.statusFile, this.log);
    this.status = status;
    status.update({ snapshots: { url: await this.snapshots.start(), key: this.snapshots.key } });
    // Before any Ring connection: the watch must be on the receiver class when ring-client-api makes one.
    const pushHealth = startPushHealth(this.log, status);
    this.pushHealth = pushHealth;
    const watchdog = new PushWatchdog({ log: this.log, tracker: pushHealth.tracker, intake: pushHealth.intake, lateDingSeconds: this.config.lateDingSeconds });
    let reconnected: (() => void) | undefined;
    // Right after the push channel reconnects, Ring's history says what it missed meanwhile.
    pushHealth.onConnected(() => reconnected?.());
    const audit = new AuditLedger({ dir: files.auditDir, settings: auditSettingsFromPrivacy(this.config.privacy).settings, log: this.log });
    this.audit = audit;
    // One line per event and its decision: at info level with the `debug` option, so it shows without `-D`.
    const logDecision = decisionLogger(this.log, this.config.debug);
    const knownCameras = new KnownCamerasFile(files.camerasFile, this.log);
    this.session = new RingSession({
      onDecision: (record) => {
        audit.record(record);
        logDecision(record);
      },
      onCommand: (record) => audit.recordCommand(record),
      status,
      snapshots: this.snapshots,
      api: this.api,
      log: this.log,
      config: this.config,
      cached: this.cached,
      policy: loadPolicy(this.config.privacy, this.log),
      systemId: await loadOrCreateSystemId(files),
      switchesFile: files.switchesFile,
      pushes: pushHealth.intake,
      pushState$: pushHealth.state$,
      watchPushes: (home, cameras) => {
        const watch = watchdog.watch(home, cameras);
        reconnected = watch.reconnected;
        return watch;
      },
      onCameras: (records) => void knownCameras.save(records),
    });
    await this.session.switches.load();
    // After the switches: a camera's Privacy switch answers from them at once.
    const published = this.session.publishKnownCameras(await knownCameras.read());
    if (published > 0) this.log.info(`Published ${published} camera${published === 1 ? '' : 's'} from the last connection; they show "No Response" until Ring answers.`);
    // The panel says why every camera is private, until the global switch is turned off and saved.
    this.session.switches.loadProblem$.subscribe((problem) => status.update({ privacySwitches: problem }));
    const session = this.session;
    this.policyReload = new PolicyReloader(this.api.user.configPath(), bridgeUsername, this.config.privacy, this.log, (policy) => session.setPolicy(policy));
    const startup = await tokens.resolveStartupToken(this.config.refreshToken);
    // A sign-in saved later in the settings panel connects without a Homebridge restart.
    this.signInWatch = tokens.onConfigTokenChanged((token) => {
      this.log.info('A new Ring sign-in was saved; connecting with it.');
      this.connect(token, true).catch((error: unknown) => this.log.error(`Could not connect: ${String(error)}`));
    });
    this.signOutWatch = tokens.onSignedOutElsewhere(() => {
      this.connection = undefined;
      this.session?.stopConnection();
      this.status?.update({ state: 'not-signed-in', lastRotation: undefined });
      this.log.warn(`Disconnected from Ring after the sign-out. ${SIGN_IN_HINT}`);
    });
    if (!startup.token) {
      status.update({ state: 'not-signed-in' });
      this.log.warn(`Not signed in to Ring. ${SIGN_IN_HINT}`);
      return;
    }
    await this.connect(startup.token, false);
  }

  private async connect(token: string, newSignIn: boolean): Promise<void> {
    const { tokens, session } = this;
    if (this.stopped || !tokens || !session) {
      return;
    }
    if (newSignIn) {
      // The old connection must stop rotating before the new token becomes the newest.
      session.stopConnection();
      await tokens.resolveStartupToken(token);
    }
    let newest = token;
    const publishRotation = () => {
      const rotation = tokens.lastRotation();
      this.status?.update({ lastRotation: rotation && { fingerprint: rotation.fingerprint, issuedAt: rotation.issuedAt.toISOString() } });
    };
    this.status?.update({ state: 'connecting' });
    publishRotation();
    // ring-client-api logs each retry of each waiting request; folded into a few lines per outage.
    const sink = new RingLogSink(foldRingRetries(this.log), { debug: this.config.debug });
    const connection = new RingConnection({
      log: this.log,
      sink,
      config: this.config,
      systemId: session.systemId,
      newestToken: () => newest,
      watchTokens: (updates): Subscription => {
        const persisted = tokens.watch(updates);
        const tracked = updates.subscribe(({ newRefreshToken }) => {
          newest = newRefreshToken;
          // The store has taken the token in by now; its fingerprint is what the panel shows.
          setImmediate(publishRotation);
        });
        tracked.add(() => persisted.unsubscribe());
        return tracked;
      },
    });
    this.connection = connection;
    const outcome = await session.run(connection);
    if (outcome !== 'cancelled') {
      this.status?.update({ state: outcome });
    }
    if (outcome === 'connected') {
      this.watchForRevocation(sink, connection);
    }
    if (outcome === 'rejected' && !this.stopped) {
      this.log.error(`Ring refused the saved sign-in: it was revoked or has expired. ${SIGN_IN_HINT} Accessories stay in place and come back after the sign-in.`);
    }
  }

  /**
   * Ring refusing a running connection's token means the sign-in was revoked (signed out in Ring's
   * Control Center, password changed) or expired: ring-client-api then drops the token and every
   * later request fails. Said once; the accessories answer No Response and the panel asks for a
   * sign-in, which reconnects without a restart (see onConfigTokenChanged).
   */
  private watchForRevocation(sink: RingLogSink, connection: RingConnection): void {
    const stopWatching = sink.onAuthFailure(() => {
      stopWatching();
      if (this.stopped || this.connection !== connection) {
        return;
      }
      this.connection = undefined;
      this.session?.stopConnection();
      this.status?.update({ state: 'rejected' });
      this.log.error(
        `Ring refused the sign-in while connected: it was revoked or has expired. ${SIGN_IN_HINT} Accessories stay in place and come back after the sign-in.`,
      );
    });
  }

  private shutdown(): void {
    this.stopped = true;
    this.signInWatch?.close();
    this.signOutWatch?.close();
    this.policyReload?.close();
    this.pushHealth?.stop();
    this.session?.shutdown();
    this.snapshots.stop();
    this.status?.update({ state: 'stopped', snapshots: undefined });
    void this.status?.flush();
    void this.audit?.close();
    const tokens = this.tokens;
    void tokens?.flush().finally(() => tokens.close());
  }
}
