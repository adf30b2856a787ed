import dns from 'node:dns';
import { Message, classes, methods, parseMessage } from 'werift';
import { installStunRedirect, isStunHost } from './stun-redirect.js';
import { bindingResponse } from '../emulator/stun-responder.js';

describe('STUN redirect', () => {
  afterAll(() => installStunRedirect(undefined));

  test('only the STUN servers ring-client-api and werift use count as STUN hosts', () => {
    expect(
      ['stun.kinesisvideo.us-east-1.amazonaws.com', 'stun.kinesisvideo.us-west-2.amazonaws.com', 'stun.l.google.com', 'stun4.l.google.com.'].map(isStunHost),
    ).toEqual([true, true, true, true]);
    expect(['api.ring.com', 'kinesisvideo.us-east-1.amazonaws.com', 'stun.example.com', 'stun.l.google.com.evil.example', 'localhost'].map(isStunHost)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test('STUN names resolve to the responder, or fail at once without one; other names are untouched', async () => {
    installStunRedirect('127.0.0.1');
    await expect(dns.promises.lookup('stun.kinesisvideo.us-east-1.amazonaws.com', { family: 4 })).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(dns.promises.lookup('stun.l.google.com', { all: true })).resolves.toEqual([{ address: '127.0.0.1', family: 4 }]);
    const viaCallback = await new Promise((resolve, reject) => dns.lookup('stun1.l.google.com', (error, address) => (error ? reject(error) : resolve(address))));
    expect(viaCallback).toBe('127.0.0.1');
    expect((await dns.promises.lookup('localhost', { family: 4 })).address).toBe('127.0.0.1');

    installStunRedirect(undefined);
    await expect(dns.promises.lookup('stun.l.google.com')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  test('the responder answers a Binding request with the sender address and ignores anything else', () => {
    const request = new Message(methods.BINDING, classes.REQUEST);
    const answer = bindingResponse(request.bytes, { address: '10.200.0.1', port: 40000 });
    const parsed = parseMessage(answer!);
    expect(parsed?.messageClass).toBe(classes.RESPONSE);
    expect(Buffer.from(parsed!.transactionId).equals(Buffer.from(request.transactionId))).toBe(true);
    expect(parsed!.getAttributeValue('XOR-MAPPED-ADDRESS')).toEqual(['10.200.0.1', 40000]);
    expect(bindingResponse(Buffer.from('not stun at all, just bytes'), { address: '127.0.0.1', port: 1 })).toBeUndefined();
  });
});
