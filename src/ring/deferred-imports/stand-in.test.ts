import { jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { lazyExport } from './stand-in.js';

class Real {
  static made = 0;
  constructor(readonly value: number) {
    Real.made++;
  }
  static parse(text: string): Real {
    return new this(Number(text));
  }
}

function counting(exports: Record<string, unknown>) {
  const load = jest.fn(() => exports);
  return { load };
}

describe('lazyExport', () => {
  test('nothing loads until the stand-in is used', () => {
    const { load } = counting({ Real });
    lazyExport('pkg', 'Real', load);
    expect(load).not.toHaveBeenCalled();
  });

  test('new builds the real class, and instanceof holds both ways', () => {
    const { load } = counting({ Real });
    const StandIn = lazyExport('pkg', 'Real', load) as typeof Real;
    const made = new StandIn(7);
    expect(made).toBeInstanceOf(Real);
    expect(made).toBeInstanceOf(StandIn);
    expect(made.value).toBe(7);
    expect(load).toHaveBeenCalled();
  });

  test('a static method runs with the real class as this', () => {
    const StandIn = lazyExport('pkg', 'Real', () => ({ Real })) as typeof Real;
    const parsed = StandIn.parse('42');
    expect(parsed).toBeInstanceOf(Real);
    expect(parsed.value).toBe(42);
  });

  test('a function export is called through', () => {
    const standIn = lazyExport('pkg', 'twice', () => ({ twice: (n: number) => n * 2 })) as (n: number) => number;
    expect(standIn(21)).toBe(42);
  });

  test('a name werift lacks fails on use with its name, not at import', () => {
    const standIn = lazyExport('werift', 'Gone', () => ({})) as new () => object;
    expect(() => new standIn()).toThrow('werift has no export named Gone');
  });

  test('the package asked for is the one loaded', () => {
    const load = jest.fn((pkg: string) => ({ Real, pkg }));
    const StandIn = lazyExport('@homebridge/camera-utils', 'Real', load) as typeof Real;
    new StandIn(1);
    expect(load).toHaveBeenCalledWith('@homebridge/camera-utils');
  });

  test("with the real werift: RtpPacket round-trips the way ring-client-api's streaming session uses it", () => {
    const werift = createRequire(createRequire(import.meta.url).resolve('ring-client-api'))('werift') as Record<string, unknown>;
    type Packet = { serialize(): Buffer; header: { sequenceNumber: number }; payload: Buffer };
    type PacketClass = { deSerialize(buffer: Buffer): Packet };
    const RtpPacket = lazyExport('werift', 'RtpPacket', () => werift) as PacketClass;
    const bytes = Buffer.from('80600001000000640000000a0102', 'hex');
    const packet = RtpPacket.deSerialize(bytes);
    expect(packet.header.sequenceNumber).toBe(1);
    expect(packet.payload).toEqual(Buffer.from([1, 2]));
    expect(packet).toBeInstanceOf(werift.RtpPacket as new () => object);
    expect(packet.serialize()).toEqual(bytes);
  });
});
