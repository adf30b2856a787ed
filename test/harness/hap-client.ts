/**
 * A HomeKit controller for tests, over hap-controller's IP transport: SRP pair-setup with the PIN,
 * pair-verify, encrypted reads/writes and an event subscription, all to 127.0.0.1.
 *
 * Connection policy (see README.md): every read/write opens a fresh pair-verified connection, and the
 * subscription has its own long-lived one. hap-controller's persistent connection is not used: after
 * the accessory restarts it keeps reusing the dead session and every later call fails.
 */
import hapController from 'hap-controller';
import type { PairingData } from 'hap-controller';
import { describeDb, findChar, findService, normalizeDb, type AccessoryDb, type HapCharacteristic, type ServiceMatch, type ServiceQuery } from './accessory-db.js';
import { HarnessTimeoutError, withTimeout } from './with-timeout.js';

const { HttpClient, PairMethods } = hapController;
type HttpClientInstance = InstanceType<typeof HttpClient>;

export const LOOPBACK = '127.0.0.1';
const DEFAULT_OP_TIMEOUT_MS = 15_000;

/** One HAP server: the bridge, a child bridge or an external (camera) accessory. */
export interface HapEndpoint {
  name: string;
  port: number;
  pin: string;
  /** The HAP "username" (device id), when known. Only used as a label. */
  username?: string;
}

export interface HapEvent {
  aid: number;
  iid: number;
  value: unknown;
  /** Date.now() when the controller received it. */
  time: number;
  /** performance.now() when the controller received it (sub-millisecond, for benchmarks). */
  at: number;
}

export interface CharRef {
  aid: number;
  iid: number;
}

/** A read or write the accessory answered with a non-zero HAP status (e.g. -70402). */
export class HapStatusError extends Error {
  override name = 'HapStatusError';
  constructor(
    readonly operation: 'read' | 'write',
    readonly ref: CharRef,
    readonly status: number,
  ) {
    super(`HAP ${operation} of ${ref.aid}.${ref.iid} failed with status ${status}`);
  }
}

/** HAP TLV error codes a pair-setup can end with (HAP spec table 5-5), with what they mean here. */
const PAIR_SETUP_ERRORS: Record<number, string> = {
  2: 'authentication failed (wrong PIN?)',
  3: 'back off (too many attempts)',
  4: 'max peers',
  5: 'max tries',
  6: 'unavailable: the accessory is already paired (unpair the other controller first)',
  7: 'busy: another pair-setup is in progress',
};

/** Pair-setup refused by the accessory; `tlvError` is the HAP error code (6 = already paired). */
export class PairSetupError extends Error {
  override name = 'PairSetupError';
  constructor(
    readonly endpoint: HapEndpoint,
    readonly tlvError: number | undefined,
    cause: Error,
  ) {
    const meaning = tlvError !== undefined ? (PAIR_SETUP_ERRORS[tlvError] ?? `TLV error ${tlvError}`) : cause.message;
    super(`pair-setup with "${endpoint.name}" (${LOOPBACK}:${endpoint.port}) failed: ${meaning}`, { cause });
  }
}

/** hap-controller reports a refused step as HomekitControllerError("M2: Error: 6", 6). */
function tlvErrorOf(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown }).statusCode;
  if (typeof code === 'number') return code;
  const match = /M\d: Error: (\d+)/.exec(String((error as Error)?.message));
  return match ? Number(match[1]) : undefined;
}

type ClientListener = {
  onCreated(client: HapClient): void;
  onFinished(client: HapClient): void;
};

let listener: ClientListener | undefined;
/** The registry hooks in here so every client can be unpaired and closed after a failing test. */
export function setClientListener(next: ClientListener | undefined): void {
  listener = next;
}

function cid(ref: CharRef): string {
  return `${ref.aid}.${ref.iid}`;
}

function statusOf(entry: { status?: unknown } | undefined): number {
  return entry?.status === undefined ? 0 : Number(entry.status);
}

export class HapClient {
  private readonly http: HttpClientInstance;
  private readonly received: HapEvent[] = [];
  private readonly eventWaiters = new Set<() => void>();
  private subscriptionLost: string[] | undefined;
  private paired = true;
  private closed = false;

  private constructor(
    readonly endpoint: HapEndpoint,
    readonly pairingData: PairingData,
    http: HttpClientInstance,
    private readonly opTimeoutMs: number,
  ) {
    this.http = http;
    this.http.on('event', (message: { characteristics?: Array<{ aid: unknown; iid: unknown; value: unknown }> }) => {
      const time = Date.now();
      const at = performance.now();
      for (const c of message.characteristics ?? []) {
        this.received.push({ aid: Number(c.aid), iid: Number(c.iid), value: c.value, time, at });
      }
      this.notifyWaiters();
    });
    this.http.on('event-disconnect', (subscribed: string[]) => {
      this.subscriptionLost = subscribed;
      this.notifyWaiters();
    });
    listener?.onCreated(this);
  }

  /** Pair-setup (SRP with the PIN, then the long-term key exchange), as Apple Home does. */
  static async pair(endpoint: HapEndpoint, opTimeoutMs = DEFAULT_OP_TIMEOUT_MS): Promise<HapClient> {
    const http = new HttpClient(endpoint.username ?? endpoint.name, LOOPBACK, endpoint.port);
    try {
      // Method 0 (PairSetup): what iOS sends to a non-MFi accessory; hap-controller defaults to "with auth".
      await withTimeout(
        http.pairSetup(endpoint.pin, PairMethods.PairSetup),
        opTimeoutMs,
        () => `pair-setup with "${endpoint.name}" on ${LOOPBACK}:${endpoint.port} took longer than ${opTimeoutMs} ms`,
      );
    } catch (error) {
      await http.close().catch(() => undefined);
      if (error instanceof HarnessTimeoutError) throw error;
      throw new PairSetupError(endpoint, tlvErrorOf(error), error as Error);
    }
    const data = http.getLongTermData();
    if (!data) throw new Error(`pair-setup with "${endpoint.name}" returned no long-term keys`);
    return new HapClient(endpoint, data, http, opTimeoutMs);
  }

  /** A controller that is already paired (e.g. after the accessory moved to another port). */
  static connect(endpoint: HapEndpoint, pairingData: PairingData, opTimeoutMs = DEFAULT_OP_TIMEOUT_MS): HapClient {
    const http = new HttpClient(endpoint.username ?? endpoint.name, LOOPBACK, endpoint.port, pairingData);
    return new HapClient(endpoint, pairingData, http, opTimeoutMs);
  }

  get isPaired(): boolean {
    return this.paired;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async accessories(): Promise<AccessoryDb> {
    return normalizeDb(await this.op('GET /accessories', () => this.http.getAccessories()));
  }

  findService(db: AccessoryDb, query: ServiceQuery): ServiceMatch {
    return findService(db, query);
  }

  findChar(db: AccessoryDb, accessory: string | number, serviceType: string, characteristicType: string, serviceName?: string): HapCharacteristic {
    return findChar(db, accessory, serviceType, characteristicType, serviceName);
  }

  describe(db: AccessoryDb): string {
    return describeDb(db);
  }

  async read(aid: number, iid: number): Promise<unknown> {
    const ref = { aid, iid };
    const body = await this.op(`read ${cid(ref)}`, () => this.http.getCharacteristics([cid(ref)]));
    const entry = body.characteristics.find((c) => Number(c.aid) === aid && Number(c.iid) === iid) as { value?: unknown; status?: unknown } | undefined;
    if (!entry) throw new Error(`read ${cid(ref)}: the accessory answered without that characteristic`);
    const status = statusOf(entry);
    if (status !== 0) throw new HapStatusError('read', ref, status);
    return entry.value;
  }

  /** A snapshot request, as the Home app makes for a camera tile or a notification. */
  async snapshot(width: number, height: number, aid = 1): Promise<Buffer> {
    return this.op(`snapshot ${width}x${height}`, () => this.http.getImage(width, height, aid));
  }

  async write(aid: number, iid: number, value: unknown): Promise<void> {
    const ref = { aid, iid };
    const body = (await this.op(`write ${cid(ref)}`, () => this.http.setCharacteristics({ [cid(ref)]: value }))) as {
      characteristics?: Array<{ aid: unknown; iid: unknown; status?: unknown }>;
    };
    const entry = body.characteristics?.find((c) => Number(c.aid) === aid && Number(c.iid) === iid);
    const status = statusOf(entry);
    if (status !== 0) throw new HapStatusError('write', ref, status);
  }

  /** Turns on events for these characteristics (one shared, long-lived, pair-verified connection). */
  async subscribe(chars: CharRef[]): Promise<void> {
    // hap-controller sends a second subscribe on the live connection with a second response parser
    // beside the first; both decrypt every frame with one shared counter, the decryption fails and
    // its parse loop spins forever at full CPU. Refuse it instead of hanging the test runner.
    const already = new Set(this.http.getSubscribedCharacteristics());
    const added = chars.map(cid).filter((id) => !already.has(id));
    if (already.size > 0 && added.length > 0 && this.subscriptionLost === undefined) {
      throw new Error(
        `subscribe: ${added.join(', ')} cannot be added to the live subscription of "${this.endpoint.name}" ` +
          '(hap-controller would spin forever); subscribe to everything in one call',
      );
    }
    this.subscriptionLost = undefined;
    const body = (await this.op('subscribe', () => this.http.subscribeCharacteristics(chars.map(cid)))) as {
      characteristics?: Array<{ aid: unknown; iid: unknown; status?: unknown }>;
    } | null;
    const refused = (body?.characteristics ?? []).filter((c) => statusOf(c) !== 0);
    if (refused.length > 0) {
      throw new Error(`subscribe refused for ${refused.map((c) => `${c.aid}.${c.iid} (status ${c.status})`).join(', ')}`);
    }
  }

  subscribed(): string[] {
    return this.http.getSubscribedCharacteristics();
  }

  /** Every event received so far, oldest first. Use `events().length` as a mark for `waitForEvent`. */
  events(): HapEvent[] {
    return this.received.slice();
  }

  /**
   * Resolves with the first event (at index >= `since`, default: all received so far) that matches.
   * Fails on timeout, or at once if the subscription connection dropped (resubscribe after a restart).
   */
  waitForEvent(pred: (event: HapEvent) => boolean, timeoutMs: number, since = 0): Promise<HapEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.eventWaiters.delete(check);
        reject(new HarnessTimeoutError(`no matching HAP event from "${this.endpoint.name}" within ${timeoutMs} ms; ${this.eventSummary(since)}`));
      }, timeoutMs);
      const check = (): void => {
        const hit = this.received.slice(since).find(pred);
        const lost = this.subscriptionLost ?? (this.closed ? ['(client closed)'] : undefined);
        if (!hit && !lost) return;
        clearTimeout(timer);
        this.eventWaiters.delete(check);
        if (hit) resolve(hit);
        else reject(new Error(`event subscription to "${this.endpoint.name}" dropped (was: ${lost?.join(', ')}); ${this.eventSummary(since)}`));
      };
      this.eventWaiters.add(check);
      check();
    });
  }

  /** Removes this controller's pairing from the accessory, then closes its connections. */
  async unpair(): Promise<void> {
    if (this.paired) {
      await this.op('remove pairing', () => this.http.removePairing(this.pairingData.iOSDevicePairingID));
      this.paired = false;
    }
    await this.close();
  }

  /** Closes the subscription connection; idempotent. hap-controller's own close() forgets subscriptions. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.http.close();
    for (const check of [...this.eventWaiters]) check();
    listener?.onFinished(this);
  }

  private async op<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`HAP client for "${this.endpoint.name}" is closed (${what})`);
    return withTimeout(
      work(),
      this.opTimeoutMs,
      () => `HAP ${what} on "${this.endpoint.name}" (${LOOPBACK}:${this.endpoint.port}) took longer than ${this.opTimeoutMs} ms`,
    );
  }

  private notifyWaiters(): void {
    for (const check of [...this.eventWaiters]) check();
  }

  private eventSummary(since: number): string {
    const recent = this.received
      .slice(since)
      .slice(-10)
      .map((e) => `${e.aid}.${e.iid}=${JSON.stringify(e.value)}`);
    return `${this.received.length - since} event(s) since mark ${since}${recent.length ? `, last: ${recent.join(' ')}` : ''}`;
  }
}
