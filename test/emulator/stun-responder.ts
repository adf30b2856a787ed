/**
 * A minimal STUN server (RFC 5389 Binding only) standing in for the public STUN servers WebRTC peers
 * ask for their reflexive address. The redirect resolves those servers' names to this responder's
 * address (test/redirect/stun-redirect.ts); Ring's list starts with port 443, werift's default is
 * 19302. It answers each Binding request with the sender's address and port, as a real server on
 * the same network would.
 */
import dgram from 'node:dgram';
import { Message, classes, methods, parseMessage } from 'werift';

export interface StunResponder {
  address: string;
  ports: number[];
  /** Binding requests answered so far. */
  answered(): number;
  close(): Promise<void>;
}

export const STUN_PORTS = [443, 19302] as const;

/** The answer to one datagram, or undefined when it is not a STUN Binding request. */
export function bindingResponse(datagram: Buffer, from: { address: string; port: number }): Buffer | undefined {
  const request = parseMessage(datagram);
  if (!request || request.messageMethod !== methods.BINDING || request.messageClass !== classes.REQUEST) return undefined;
  const response = new Message(methods.BINDING, classes.RESPONSE, request.transactionId);
  response.setAttribute('XOR-MAPPED-ADDRESS', [from.address, from.port]);
  return response.bytes;
}

export async function startStunResponder(address = '127.0.0.1', ports: readonly number[] = STUN_PORTS): Promise<StunResponder> {
  let answered = 0;
  const sockets: dgram.Socket[] = [];
  try {
    for (const port of ports) {
      const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
      socket.on('message', (datagram, from) => {
        const response = bindingResponse(datagram, from);
        if (response) {
          answered++;
          socket.send(response, from.port, from.address);
        }
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, address, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    }
  } catch (error) {
    sockets.forEach((socket) => socket.close());
    throw new Error(
      `STUN responder could not listen on ${address}:${ports.join(',')} (${(error as Error).message}); ` +
        'ports below 1024 need root, and the live-view tests run in their own network namespace (test/netns/run-in-netns.sh)',
      { cause: error },
    );
  }
  return {
    address,
    ports: [...ports],
    answered: () => answered,
    close: () => Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve())))).then(() => undefined),
  };
}
