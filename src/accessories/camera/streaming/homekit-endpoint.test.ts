import { HomeKitEndpoint } from './homekit-endpoint.js';

describe('a HomeKit stream endpoint', () => {
  test('an address that cannot be bound falls through to the next', async () => {
    // 192.0.2.1 (TEST-NET-1) is on no interface here: EADDRNOTAVAIL.
    const endpoint = new HomeKitEndpoint('ipv4', ['192.0.2.1', '127.0.0.1'], { address: '127.0.0.1', port: 9 });
    await expect(endpoint.bound).resolves.toEqual({ address: '127.0.0.1', port: expect.any(Number) });
    endpoint.close();
  });

  test('when nothing can be bound, the port is refused rather than left waiting', async () => {
    const endpoint = new HomeKitEndpoint('ipv4', ['192.0.2.1'], { address: '127.0.0.1', port: 9 });
    await expect(endpoint.port).rejects.toThrow();
    endpoint.close();
  });

  test('closing while binding refuses the port', async () => {
    const endpoint = new HomeKitEndpoint('ipv4', ['127.0.0.1'], { address: '127.0.0.1', port: 9 });
    endpoint.close();
    await expect(endpoint.port).rejects.toThrow(/ended before its port was ready/);
  });
});
