/**
 * Which addresses a process (and its children) listens on, read from /proc: the evidence that the
 * Homebridge child stays on loopback. Parsing is pure; reading /proc is the edge.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { descendantsOf } from './process-tree.js';

export interface BoundSocket {
  proto: 'tcp' | 'tcp6' | 'udp' | 'udp6';
  address: string;
  port: number;
  inode: number;
}

const TCP_LISTEN = '0A';

/** /proc/net/* stores IPv4 as one little-endian word, IPv6 as four. */
export function decodeProcAddress(hex: string): string {
  if (hex.length === 8) {
    return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
  }
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const chunk = hex.slice(word * 8, word * 8 + 8);
    for (const i of [6, 4, 2, 0]) bytes.push(parseInt(chunk.slice(i, i + 2), 16));
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return compressIpv6(groups);
}

/** RFC 5952: the longest run (two or more) of zero groups becomes "::". */
export function compressIpv6(groups: string[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

/** Sockets that accept traffic: TCP in LISTEN, and every bound UDP socket. */
export function parseProcNet(proto: BoundSocket['proto'], text: string): BoundSocket[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length > 9)
    .filter((cols) => proto.startsWith('udp') || cols[3] === TCP_LISTEN)
    .map((cols) => {
      const [addr, port] = cols[1].split(':');
      return { proto, address: decodeProcAddress(addr), port: parseInt(port, 16), inode: Number(cols[9]) };
    });
}

export function isLoopbackAddress(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

function socketInodes(pid: number): Set<number> {
  const inodes = new Set<number>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(Number(match[1]));
      } catch {
        // fd closed while we looked.
      }
    }
  } catch {
    // Process gone.
  }
  return inodes;
}

/** Listening/bound sockets owned by `pid` or any of its descendants (child bridges). */
export function boundSocketsOf(pid: number): BoundSocket[] {
  const inodes = new Set<number>();
  for (const p of [pid, ...descendantsOf(pid)]) for (const inode of socketInodes(p)) inodes.add(inode);
  const all = (['tcp', 'tcp6', 'udp', 'udp6'] as const).flatMap((proto) => {
    try {
      return parseProcNet(proto, readFileSync(`/proc/net/${proto}`, 'utf8'));
    } catch {
      return [];
    }
  });
  return all.filter((s) => inodes.has(s.inode));
}
