/**
 * A typed client for the emulator's HTTP control API (control.ts), for processes that did not
 * start the emulator themselves: the Homebridge harness, the demo, e2e tests driving a child.
 */
import type { DetectionType, Fault, IntercomDingDelivery, IntercomUnlockAnswer, PushDelivery, RecordedRequest, Scenario } from './types.js';
import type { PushClientInfo, PushDrop, PushExpiry } from './push-hub.js';

export class RingCloudControl {
  constructor(readonly url: string) {}

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', action: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_control/${action}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`ring-cloud control ${method} ${action} failed: ${payload.error ?? response.status}`);
    return payload;
  }

  /** `twice`: Ring sends it twice (same ding id, new persistent id). */
  injectMotion(deviceId: number, detectionType?: DetectionType, waitForClientMs?: number, twice?: boolean): Promise<PushDelivery> {
    return this.call('POST', 'motion', { deviceId, detectionType, waitForClientMs, twice });
  }

  injectDing(deviceId: number, waitForClientMs?: number, twice?: boolean): Promise<PushDelivery> {
    return this.call('POST', 'ding', { deviceId, waitForClientMs, twice });
  }

  /** Pushes (all, a fraction, or one camera's) vanish silently from now on; the push connection stays open. */
  async setPushDrop(drop: PushDrop): Promise<void> {
    await this.call('POST', 'push-drop', drop);
  }

  /** Each push is sent `ms` late from now on (0: at once). */
  async setPushDelay(ms: number): Promise<void> {
    await this.call('POST', 'push-delay', { ms });
  }

  /** Closes the push connections without notice; returns how many. */
  async severPushConnections(): Promise<number> {
    return (await this.call<{ closed: number }>('POST', 'push-sever', {})).closed;
  }

  /** Ring stops delivering to the push registrations in use now; returns how many connections it hit. */
  async expirePushRegistrations(scope: PushExpiry = 'connections'): Promise<number> {
    return (await this.call<{ expired: number }>('POST', 'push-expire', { scope })).expired;
  }

  async pushesDropped(): Promise<number> {
    return (await this.call<{ dropped: number }>('GET', 'push-dropped')).dropped;
  }

  /** Someone rings at the intercom: the library's `RingIntercom.onDing` fires; resolves once delivered. */
  injectIntercomDing(intercomId: number, waitForClientMs?: number, twice?: boolean): Promise<IntercomDingDelivery> {
    return this.call('POST', 'intercom-ding', { intercomId, waitForClientMs, twice });
  }

  /** Deep-merged into the intercom's ring_devices record; the library sees it at its next poll. */
  async updateIntercom(intercomId: number, patch: object): Promise<void> {
    await this.call('POST', 'intercom', { intercomId, patch });
  }

  /** 'refuse': unlocks from now on get result code 1; 'ok' (the default): code 0. */
  async setIntercomUnlockAnswer(intercomId: number, answer: IntercomUnlockAnswer): Promise<void> {
    await this.call('POST', 'intercom-unlock-answer', { intercomId, answer });
  }

  /** How many unlock_door requests the intercom answered. */
  async intercomUnlocks(intercomId: number): Promise<number> {
    return (await this.call<{ count: number }>('GET', `intercom-unlocks/${intercomId}`)).count;
  }

  /** `message` goes to the push clients as it is; resolves with how many acknowledged it. */
  async sendPushMessage(message: unknown, waitForClientMs?: number): Promise<number> {
    return (await this.call<{ delivered: number }>('POST', 'push-raw', { message, waitForClientMs })).delivered;
  }

  /** One raw frame on the location sockets (bytes go as a binary frame); resolves with how many got it. */
  async sendLocationFrame(frame: string | Buffer, locationId?: string): Promise<number> {
    const body = typeof frame === 'string' ? { text: frame, locationId } : { base64: frame.toString('base64'), locationId };
    return (await this.call<{ sent: number }>('POST', 'location-frame', body)).sent;
  }

  async refreshTokenState(refreshToken: string): Promise<string> {
    return (await this.call<{ state: string }>('POST', 'token-state', { refreshToken })).state;
  }

  async setSensorFaulted(zid: string, faulted: boolean): Promise<void> {
    await this.call('POST', 'sensor', { zid, faulted });
  }

  async updateAlarmDevice(zid: string, patch: object): Promise<void> {
    await this.call('POST', 'alarm-device', { zid, patch });
  }

  async setDeviceOffline(id: number | string, offline: boolean): Promise<void> {
    await this.call('POST', 'offline', { id, offline });
  }

  async setLocationMode(locationId: string, mode: 'home' | 'away' | 'disarmed'): Promise<void> {
    await this.call('POST', 'location-mode', { locationId, mode });
  }

  /** `pattern` is a path substring, or a RegExp source when `regex` is true. */
  async failNext(pattern: string, count: number, fault: Fault, regex = false): Promise<void> {
    await this.call('POST', 'fail-next', { pattern, count, fault, regex });
  }

  async dropWebSockets(): Promise<void> {
    await this.call('POST', 'drop-websockets');
  }

  /** Ring goes dark (outage.ts); give `forMs` for 'refuse' and 'reset', which make this API unreachable too. */
  async goDark(mode: 'refuse' | 'reset' | 'hang', forMs?: number): Promise<void> {
    await this.call('POST', 'outage', { mode, forMs });
  }

  async comeBack(): Promise<void> {
    await this.call('POST', 'outage-end');
  }

  async revokeAllTokens(): Promise<void> {
    await this.call('POST', 'revoke');
  }

  async setTooManyCodes(enabled: boolean): Promise<void> {
    await this.call('POST', 'too-many-codes', { enabled });
  }

  async mintRefreshToken(): Promise<string> {
    return (await this.call<{ refreshToken: string }>('POST', 'mint-token')).refreshToken;
  }

  requests(filter: { path?: string; since?: number } = {}): Promise<RecordedRequest[]> {
    const query = new URLSearchParams();
    if (filter.path) query.set('path', filter.path);
    if (filter.since !== undefined) query.set('since', String(filter.since));
    return this.call('GET', `requests?${query.toString()}`);
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', 'requests');
  }

  async snapshotCount(cameraId: number): Promise<number> {
    return (await this.call<{ count: number }>('GET', `snapshots/${cameraId}`)).count;
  }

  chimePlays(chimeId: number): Promise<{ ding: number; motion: number }> {
    return this.call('GET', `chime-plays/${chimeId}`);
  }

  pushClients(): Promise<PushClientInfo[]> {
    return this.call('GET', 'push-clients');
  }

  tokensIssued(): Promise<string[]> {
    return this.call('GET', 'tokens-issued');
  }

  scenario(): Promise<Scenario> {
    return this.call('GET', 'scenario');
  }
}
