/**
 * The settings panel's server. The Homebridge UI forks it (homebridge-ui/server.js) while the
 * plugin's settings are open and relays the page's `homebridge.request(path, body)` calls to it
 * over IPC. It signs in to Ring, saves tokens through the token store, and reads what the running
 * plugin publishes; it never uses a saved refresh token itself. Status changes are pushed to the page
 * (`status` events, status-push.ts) rather than polled: every request adds a line to the UI's log.
 *
 * Nothing here logs a request body: email, password, code and tokens pass through in memory only.
 */
import { HomebridgePluginUiServer, RequestError } from '@homebridge/plugin-ui-utils';
import { RingRestClient } from 'ring-client-api/rest-client';
import { useLogger } from 'ring-client-api/util';
import { validatePolicy } from '../../src/privacy/policy-validate.js';
import { ruleWarnings } from '../../src/privacy/rule-reach.js';
import type { Device } from '../../src/privacy/types.js';
import { auditView, dryRunView } from './audit-view.js';
import { installAuthWatch } from './auth-watch.js';
import { fetchCameraView } from './camera-view.js';
import { panelTarget } from './config-block.js';
import { loadOrCreateSystemId } from '../../src/config/private-files.js';
import { statusReport, type StatusReport } from './plugin-status.js';
import { StatusPush } from './status-push.js';
import {
  applyQuickChoice,
  invalidPolicyRefusal,
  QUICK_CHOICES,
  quickChoiceRefusal,
  quickChoiceState,
  type QuickBlock,
  type QuickChoice,
  type QuickDevice,
} from './quick-choices.js';
import { MoveRefusal, movePreview, runMove } from './ring-move.js';
import { SignInService, CONTROL_CENTER_NAME } from './sign-in.js';
import { saveSignIn, signOut, type UiLog } from './token-save.js';
import { uiPathsFromEnv, type UiPaths } from './ui-paths.js';

export const CONTROL_CENTER_HELP =
  `To remove this sign-in from your Ring account as well, open the Ring app, go to Control Center > Authorized Client Devices, ` + `and remove "${CONTROL_CENTER_NAME}".`;

type Body = Record<string, unknown>;

const log: UiLog = {
  info: (message) => console.log(message),
  warn: (message) => console.error(message),
};

const isRecord = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);

function quickBlockOf(value: unknown): QuickBlock {
  const block = isRecord(value) ? value : {};
  return {
    privacy: block.privacy,
    hideDeviceIds: Array.isArray(block.hideDeviceIds) ? block.hideDeviceIds.map(String) : [],
  };
}

function quickDeviceOf(value: unknown): QuickDevice {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.name !== 'string') {
    throw new RequestError('A device needs an id and a name.', { code: 'invalid-device' });
  }
  return { id: value.id, name: value.name };
}

class TrygrUiServer extends HomebridgePluginUiServer {
  private readonly paths: UiPaths;
  private readonly signIn: SignInService;
  /** The page listens for `status` events instead of polling `/status`. */
  private readonly statusPush: StatusPush<StatusReport>;

  constructor() {
    super();
    this.paths = uiPathsFromEnv();
    const paths = this.paths;
    this.signIn = new SignInService({
      createClient: (options) => new RingRestClient(options),
      systemId: async () => loadOrCreateSystemId((await panelTarget(paths)).files),
      save: (token) => saveSignIn(paths, token, log),
    });

    this.statusPush = new StatusPush(
      () => statusReport(paths),
      (status) => this.pushEvent('status', status),
    );
    this.handle('/status', async () => this.statusPush.answered(await statusReport(paths)));
    this.handle('/sign-in/start', (body) => this.signIn.start(body.email, body.password));
    this.handle('/sign-in/code', (body) => this.signIn.submitCode(body.attemptId, body.code));
    this.handle('/sign-in/cancel', () => {
      this.signIn.cancel();
      return { cancelled: true };
    });
    this.handle('/sign-out', async () => {
      this.signIn.cancel();
      await signOut(paths, log);
      return { signedOut: true, controlCenterHelp: CONTROL_CENTER_HELP };
    });
    this.handle('/move/preview', () => movePreview(paths));
    this.handle('/move/run', async (body) => {
      try {
        return await runMove(paths, body, log);
      } catch (error) {
        if (error instanceof MoveRefusal) throw new RequestError(error.message, { code: error.code });
        throw error;
      }
    });
    this.handle('/privacy/validate', async (body) => {
      const knownDevices = await this.knownDevices();
      const { policy, errors } = validatePolicy(body.privacy, { knownDevices });
      // Only a policy the plugin accepts has an order worth judging.
      return { errors, warnings: policy ? ruleWarnings(policy, knownDevices) : [] };
    });
    this.handle('/privacy/quick-state', async (body) => {
      const block = quickBlockOf(body.block);
      const devices = await this.withAliases(Array.isArray(body.devices) ? body.devices.map(quickDeviceOf) : []);
      return Object.fromEntries(devices.map((device) => [device.id, quickChoiceState(block, device)]));
    });
    this.handle('/privacy/quick-choice', async (body) => {
      const choice = body.choice as QuickChoice;
      if (!QUICK_CHOICES.includes(choice)) throw new RequestError('Unknown quick choice.', { code: 'invalid-choice' });
      const device = quickDeviceOf(body.device);
      // The kind the plugin published wins; the page's is only a fallback. Either one refuses.
      const published = (await this.knownDevices()).find((known) => known.id === device.id)?.kind;
      const given = isRecord(body.device) && typeof body.device.kind === 'string' ? body.device.kind : undefined;
      const refusal = quickChoiceRefusal(choice, body.enabled === true, published) ?? quickChoiceRefusal(choice, body.enabled === true, given);
      if (refusal) throw new RequestError(refusal, { code: 'life-safety' });
      const block = quickBlockOf(body.block);
      // Judged as the plugin judges it (no device list): a policy it refuses is never overwritten.
      const broken = invalidPolicyRefusal(choice, validatePolicy(block.privacy).errors);
      if (broken) throw new RequestError(broken, { code: 'invalid-policy' });
      const [named] = await this.withAliases([device]);
      const next = applyQuickChoice(block, named!, choice, body.enabled === true);
      return { ...next, errors: validatePolicy(next.privacy, { knownDevices: await this.knownDevices() }).errors };
    });
    this.handle('/camera-view', async (body) => fetchCameraView((await panelTarget(paths)).files.statusFile, body.deviceId, body.width, body.height));
    this.handle('/audit', async (body) => {
      const { block, files } = await panelTarget(paths);
      return auditView(files.auditDir, block?.privacy, body.days);
    });
    this.handle('/dry-run', async (body) => {
      // Compared with the policy saved in config.json, so the result is what this edit changes.
      const { block, files } = await panelTarget(paths);
      return dryRunView(files.auditDir, body.privacy, block?.privacy, body.days, await this.knownDevices());
    });

    this.ready();
    this.statusPush.start();
  }

  /** The devices with the homebridge-ring UUIDs the running plugin published for them. */
  private async withAliases(devices: QuickDevice[]): Promise<QuickDevice[]> {
    const published = (await statusReport(this.paths)).plugin.devices;
    return devices.map((device) => {
      const alias = published.find((known) => known.id === device.id)?.homebridgeRingId;
      return alias ? { ...device, aliases: [alias] } : device;
    });
  }

  private async knownDevices(): Promise<Device[]> {
    const status = await statusReport(this.paths);
    return status.plugin.devices.map(({ id, name, kind, locationId }) => ({ id, name, kind, locationId }));
  }

  /** Every failure reaches the page as a RequestError with a message of ours; raw errors are never printed. */
  private handle(path: string, handler: (body: Body) => unknown): void {
    this.onRequest(path, async (body: unknown) => {
      try {
        return (await handler(isRecord(body) ? body : {})) as never;
      } catch (error) {
        if (error instanceof RequestError) throw error;
        const code = (error as NodeJS.ErrnoException | undefined)?.code;
        log.warn(`The settings panel's ${path} request failed${code ? ` (${code})` : ''}.`);
        throw new RequestError(`The plugin's settings server could not do this${code ? ` (${code})` : ''}. See the Homebridge log.`, { code: 'internal' });
      }
    });
  }
}

// ring-client-api logs through `debug`; in here its lines could carry request details, so they are dropped.
useLogger({ logInfo: () => undefined, logError: () => undefined });
installAuthWatch();
process.on('unhandledRejection', () => log.warn('The settings panel server had an unexpected error.'));
new TrygrUiServer();
