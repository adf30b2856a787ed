/**
 * The location WebSocket Ring Alarm devices live on (`wss://<host>/ws?authcode=<ticket>&ack=false`,
 * reached through the redirect's undici dispatcher as plain ws). Frames follow location.js:
 *   client → {channel:"message", msg:{msg:"DeviceInfoDocGetList"|"RoomGetList"|"DeviceInfoSet", dst:<asset uuid>, seq, body?}}
 *   server → {channel:"message", msg:{msg:"DeviceInfoDocGetList", datatype:"DeviceInfoDocType", src, body:[docs]}}
 *   server → {channel:"DataUpdate", msg:{msg:"DataUpdate", datatype:"DeviceInfoDocType", src, body:[partial docs]}}
 *   server → {channel:"DataUpdate", msg:{msg:"SessionInfo", datatype:"SessionInfoType", body:[{assetUuid, connectionStatus, ...}]}}
 * Tickets come from `clap/tickets`, are single use and expire after a minute.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { frameText } from '../support/ws-text.js';
import type { AlarmDeviceDoc, LocationScenario } from './types.js';
import { applyAlarmPatch, planDeviceInfoSet, type DeviceInfoSetPlan } from './alarm-commands.js';

const ticketLifetimeMs = 60_000;

interface LocationConnection {
  socket: WebSocket;
  locationId: string;
}

export interface LocationSocketHooks {
  location(locationId: string): LocationScenario | undefined;
  /** Called after a DeviceInfoSet changed state (e.g. to follow the alarm mode with the location mode). */
  onCommand(location: LocationScenario, plan: DeviceInfoSetPlan): void;
  log(message: string): void;
}

export class LocationSockets {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, { locationId: string; expiresAt: number }>();
  private readonly connections = new Set<LocationConnection>();
  private sessionSequence = 1;

  constructor(private readonly hooks: LocationSocketHooks) {}

  issueTicket(locationId: string): string {
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { locationId, expiresAt: Date.now() + ticketLifetimeMs });
    return ticket;
  }

  /** Takes over an HTTP upgrade for `/ws`; unknown or reused tickets are refused with 401. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, query: URLSearchParams): void {
    const ticket = query.get('authcode') ?? '';
    const grant = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!grant || grant.expiresAt < Date.now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, grant.locationId));
  }

  private accept(socket: WebSocket, locationId: string): void {
    const connection = { socket, locationId };
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
    socket.on('error', () => this.connections.delete(connection));
    socket.on('message', (raw) => this.onFrame(connection, frameText(raw)));
    this.sendSessionInfo(connection);
  }

  private send(connection: LocationConnection, frame: unknown): void {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(frame));
  }

  private sessionInfoFrame(location: LocationScenario): unknown {
    const station = location.baseStation;
    return {
      channel: 'DataUpdate',
      msg: {
        msg: 'SessionInfo',
        datatype: 'SessionInfoType',
        body: station
          ? [
              {
                assetUuid: station.uuid,
                connectionStatus: station.status === 'online' ? 'online' : 'cell-backup',
                doorbotId: station.id,
                kind: station.kind,
                sessionId: this.sessionSequence++,
              },
            ]
          : [],
      },
    };
  }

  private sendSessionInfo(connection: LocationConnection): void {
    const location = this.hooks.location(connection.locationId);
    if (location) this.send(connection, this.sessionInfoFrame(location));
  }

  private onFrame(connection: LocationConnection, raw: string): void {
    let frame: { channel?: string; msg?: { msg?: string; dst?: string; seq?: number; body?: unknown } };
    try {
      frame = JSON.parse(raw) as typeof frame;
    } catch {
      this.hooks.log('location socket: unparsable frame ignored');
      return;
    }
    const location = this.hooks.location(connection.locationId);
    const message = frame.msg;
    if (!location || !message) return;
    const src = message.dst ?? location.baseStation?.uuid;
    switch (message.msg) {
      case 'DeviceInfoDocGetList':
        this.send(connection, {
          channel: 'message',
          msg: { msg: 'DeviceInfoDocGetList', datatype: 'DeviceInfoDocType', src, seq: message.seq, body: location.alarmDevices },
        });
        break;
      case 'RoomGetList':
        this.send(connection, {
          channel: 'message',
          msg: { msg: 'RoomGetList', datatype: 'RoomListV2Type', src, seq: message.seq, body: [{ id: 1, name: 'Home' }] },
        });
        break;
      case 'DeviceInfoSet':
        this.runDeviceInfoSet(connection, location, message.body, message.seq, src);
        break;
      default:
        this.hooks.log(`location socket: message type ${String(message.msg)} not emulated`);
    }
  }

  private runDeviceInfoSet(connection: LocationConnection, location: LocationScenario, body: unknown, seq: number | undefined, src: string | undefined): void {
    const plan = planDeviceInfoSet(location, body);
    plan.unhandled.forEach((type) => this.hooks.log(`location socket: commandType ${type} not emulated`));
    plan.unreachable?.forEach((zid) => this.hooks.log(`location socket: device ${zid} is offline; DeviceInfoSet not applied`));
    this.send(connection, {
      channel: 'message',
      msg: { msg: 'DeviceInfoSet', datatype: 'DeviceInfoSetType', src, seq, body: [{ status: 'ok' }] },
    });
    for (const { zid, patch } of plan.patches) {
      const doc = location.alarmDevices.find((candidate) => candidate.general.v2.zid === zid);
      if (doc) this.broadcastDeviceUpdate(location, applyAlarmPatch(doc, patch));
    }
    this.hooks.onCommand(location, plan);
  }

  /** Pushes a (partial) device document to every socket of the location. */
  broadcastDeviceUpdate(location: LocationScenario, partial: AlarmDeviceDoc): void {
    const frame = {
      channel: 'DataUpdate',
      msg: { msg: 'DataUpdate', datatype: 'DeviceInfoDocType', src: location.baseStation?.uuid, body: [partial] },
    };
    for (const connection of this.connections) {
      if (connection.locationId === location.location_id) this.send(connection, frame);
    }
  }

  /**
   * Sends a frame exactly as given (text, or bytes as a binary frame) to every socket of the
   * location, or of every location: for hostile-input tests. Returns how many sockets got it.
   */
  sendRaw(frame: string | Buffer, locationId?: string): number {
    let sent = 0;
    for (const connection of this.connections) {
      if (locationId !== undefined && connection.locationId !== locationId) continue;
      if (connection.socket.readyState !== connection.socket.OPEN) continue;
      connection.socket.send(frame, { binary: typeof frame !== 'string' });
      sent++;
    }
    return sent;
  }

  broadcastSessionInfo(location: LocationScenario): void {
    for (const connection of this.connections) {
      if (connection.locationId === location.location_id) this.send(connection, this.sessionInfoFrame(location));
    }
  }

  connectionCount(): number {
    return this.connections.size;
  }

  /** Closes every location socket; ring-client-api reconnects after 1 s with a new ticket. */
  dropAll(): void {
    for (const connection of this.connections) connection.socket.terminate();
    this.connections.clear();
  }

  close(): void {
    this.dropAll();
    this.server.close();
  }
}
