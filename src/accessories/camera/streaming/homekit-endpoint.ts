import dgram from 'node:dgram';
import { isRtcp } from './rtp-bytes.js';

/**
 * One UDP port of a HomeKit stream (HomeKit muxes RTP and RTCP on it): what we send leaves from
 * here to the controller's port, and what the controller sends (its RTCP reports, talk-back
 * audio) arrives here. When it last heard from the controller is what tells an abandoned stream.
 */
export class HomeKitEndpoint {
  private readonly socket: dgram.Socket;
  readonly port: Promise<number>;
  private closed = false;
  private unbound?: (error: Error) => void;
  lastHeardAt: number;
  rtcpReceived = 0;

  constructor(
    family: 'ipv4' | 'ipv6',
    private readonly target: { address: string; port: number },
    private readonly onRtp?: (datagram: Buffer) => void,
    clock: () => number = Date.now,
  ) {
    this.lastHeardAt = clock();
    this.socket = dgram.createSocket(family === 'ipv6' ? 'udp6' : 'udp4');
    this.socket.on('message', (datagram) => {
      this.lastHeardAt = clock();
      if (isRtcp(datagram)) {
        this.rtcpReceived++;
      } else {
        this.onRtp?.(datagram);
      }
    });
    // A refused send (the controller went away) shows up here; the idle check ends the session.
    this.socket.on('error', () => undefined);
    this.port = new Promise((resolve, reject) => {
      this.unbound = reject;
      this.socket.once('error', reject);
      this.socket.bind(0, () => {
        this.unbound = undefined;
        resolve(this.socket.address().port);
      });
    });
    this.port.catch(() => undefined);
  }

  send(datagram: Buffer | undefined): void {
    if (datagram && !this.closed) {
      this.socket.send(datagram, this.target.port, this.target.address);
    }
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      // A session that ends while its port is still being bound must not leave SetupEndpoints waiting.
      this.unbound?.(new Error('the stream ended before its port was ready'));
      try {
        this.socket.close();
      } catch {
        // Never bound.
      }
    }
  }
}
