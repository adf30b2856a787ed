import dgram from 'node:dgram';
import { isRtcp } from './rtp-bytes.js';
import { isFrom, type AddressFamily, type Endpoint } from './stream-addresses.js';

/** Where an endpoint ended up listening. */
export interface BoundEndpoint {
  address: string;
  port: number;
}

/**
 * One UDP port of a HomeKit stream (HomeKit muxes RTP and RTCP on it): what we send leaves from
 * here to the controller's port, and what the controller sends (its RTCP reports, talk-back
 * audio) arrives here. When it last heard from the controller is what tells an abandoned stream.
 *
 * It binds to the first of `bindAddresses` that works (see stream-addresses.ts), and accepts
 * datagrams only from the controller's address and port: anyone else on the network could
 * otherwise keep a camera streaming (and its battery draining) by sending a byte now and then,
 * or feed the talk-back path.
 */
export class HomeKitEndpoint {
  /** The socket being bound or bound; `live` only once bound (an unbound socket sends from any address). */
  private socket?: dgram.Socket;
  private live?: dgram.Socket;
  /** The bound address and port; rejects when nothing could be bound or the stream ended first. */
  readonly bound: Promise<BoundEndpoint>;
  private closed = false;
  private unbound?: (error: Error) => void;
  lastHeardAt: number;
  rtcpReceived = 0;
  /** Datagrams from anyone but the controller, dropped unread. */
  dropped = 0;

  constructor(
    private readonly family: AddressFamily,
    bindAddresses: readonly string[],
    private readonly target: Endpoint,
    private readonly onRtp?: (datagram: Buffer) => void,
    private readonly clock: () => number = Date.now,
  ) {
    this.lastHeardAt = clock();
    this.bound = new Promise<BoundEndpoint>((resolve, reject) => {
      this.unbound = reject;
      this.bindFirst([...bindAddresses], resolve, reject);
    });
    this.bound.then(
      () => (this.unbound = undefined),
      () => undefined,
    );
  }

  /** The bound port (what SetupEndpoints answers). */
  get port(): Promise<number> {
    return this.bound.then(({ port }) => port);
  }

  private bindFirst(addresses: string[], resolve: (bound: BoundEndpoint) => void, reject: (error: Error) => void): void {
    const address = addresses.shift();
    if (address === undefined || this.closed) {
      reject(new Error(this.closed ? 'the stream ended before its port was ready' : 'no address to bind the stream to'));
      return;
    }
    // A wildcard udp6 socket would also take IPv4-mapped datagrams; HomeKit asked for one family.
    const socket = dgram.createSocket({ type: this.family === 'ipv6' ? 'udp6' : 'udp4', ipv6Only: this.family === 'ipv6' });
    this.socket = socket;
    const failed = (error: Error) => {
      try {
        socket.close();
      } catch {
        // Already closed.
      }
      if (addresses.length === 0) reject(error);
      else this.bindFirst(addresses, resolve, reject);
    };
    socket.once('error', failed);
    socket.bind(0, address, () => {
      socket.off('error', failed);
      // A refused send (the controller went away) shows up here; the idle check ends the session.
      socket.on('error', () => undefined);
      socket.on('message', (datagram, sender) => this.receive(datagram, sender));
      if (this.closed) {
        socket.close();
        return;
      }
      this.live = socket;
      resolve({ address, port: socket.address().port });
    });
  }

  private receive(datagram: Buffer, sender: dgram.RemoteInfo): void {
    if (!isFrom(sender, this.target)) {
      this.dropped++;
      return;
    }
    this.lastHeardAt = this.clock();
    if (isRtcp(datagram)) {
      this.rtcpReceived++;
    } else {
      this.onRtp?.(datagram);
    }
  }

  send(datagram: Buffer | undefined): void {
    if (datagram && !this.closed && this.live) {
      this.live.send(datagram, this.target.port, this.target.address);
    }
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      // A session that ends while its port is still being bound must not leave SetupEndpoints waiting.
      this.unbound?.(new Error('the stream ended before its port was ready'));
      try {
        this.socket?.close();
      } catch {
        // Never bound, or already closed by a failed bind.
      }
    }
  }
}
