import { failureKind, foldRingRetries, RetryDigest } from './retry-digest.js';

const retry = (n: number, code: string) =>
  `[ring] Retry #${n} failed to reach Ring server at https://api.ring.com/clients_api/ring_devices.  Error: fetch failed, Cause: connect ${code} 127.0.0.1:443, Code: ${code}.  Trying again in 5 seconds...`;
const timeoutRetry =
  '[ring] Retry #1 failed to reach Ring server at https://api.ring.com/clients_api/ring_devices.  Error: The operation was aborted due to timeout.  Trying again in 5 seconds...';

describe('failureKind', () => {
  test('the system error code, the library timeout, or the first words of the error', () => {
    expect(failureKind(retry(1, 'ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(failureKind(retry(1, 'ENOTFOUND'))).toBe('ENOTFOUND');
    expect(failureKind(timeoutRetry)).toBe('timeout');
    expect(failureKind('[ring] Retry #1 failed to reach Ring server at x.  Error: fetch failed, Cause: other side closed.  Trying again')).toBe('fetch failed');
  });
});

describe('RetryDigest', () => {
  test('the first failure of a kind is written, the rest are counted, and the count comes once the window is over', () => {
    const digest = new RetryDigest(60_000);
    expect(digest.take(retry(1, 'ECONNREFUSED'), 0)).toEqual([expect.stringMatching(/^\[ring\] Could not reach Ring \(ECONNREFUSED\)/)]);
    // The library repeats the error on its own line: folded with it.
    expect(digest.take('[ring] fetch failed', 1)).toEqual([]);
    for (let n = 2; n <= 30; n++) {
      expect(digest.take(retry(n, 'ECONNREFUSED'), n * 1_000)).toEqual([]);
      expect(digest.take('[ring] fetch failed', n * 1_000)).toEqual([]);
    }
    const after = digest.take('[ring] Ring connected to socket.io server', 61_000);
    expect(after).toEqual(['[ring] 29 more "ECONNREFUSED" failures to reach Ring in the last 1 min.', '[ring] Ring connected to socket.io server']);
    // A new window starts with a line of its own again.
    expect(digest.take(retry(1, 'ECONNREFUSED'), 62_000)).toHaveLength(1);
  });

  test('each kind has its own window (refused, DNS, timeout)', () => {
    const digest = new RetryDigest(60_000);
    expect(digest.take(retry(1, 'ECONNREFUSED'), 0)).toHaveLength(1);
    expect(digest.take(retry(1, 'ENOTFOUND'), 1)).toEqual([expect.stringMatching(/ENOTFOUND/)]);
    expect(digest.take(timeoutRetry, 2)).toEqual([expect.stringMatching(/\(timeout\)/)]);
    expect(digest.take('[ring] The operation was aborted due to timeout', 3)).toEqual([]);
    expect(digest.take(retry(2, 'ENOTFOUND'), 4)).toEqual([]);
  });

  test('other lines pass unchanged; a line like the echo but not right after a retry passes too', () => {
    const digest = new RetryDigest(60_000);
    expect(digest.take('[ring] Creating location socket.io connection - Home', 0)).toEqual(['[ring] Creating location socket.io connection - Home']);
    expect(digest.take('[ring] fetch failed', 1)).toEqual(['[ring] fetch failed']);
  });

  test('an hour of a 10-request outage at one retry per 5 s each is a handful of lines', () => {
    const digest = new RetryDigest();
    let lines = 0;
    for (let t = 0; t < 3_600_000; t += 500) {
      lines += digest.take(retry(1, 'ECONNREFUSED'), t).length + digest.take('[ring] fetch failed', t).length;
    }
    expect(lines).toBeLessThanOrEqual(24);
  });
});

describe('foldRingRetries', () => {
  test('only debug lines are folded; other levels go through as they are', () => {
    const seen: string[] = [];
    const log = {
      info: (m: string) => seen.push(`info ${m}`),
      warn: (m: string) => seen.push(`warn ${m}`),
      error: (m: string) => seen.push(`error ${m}`),
      debug: (m: string) => seen.push(`debug ${m}`),
    };
    const folded = foldRingRetries(log, () => 0);
    folded.debug(retry(1, 'ECONNREFUSED'));
    folded.debug(retry(2, 'ECONNREFUSED'));
    folded.warn(retry(3, 'ECONNREFUSED'));
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(`warn ${retry(3, 'ECONNREFUSED')}`);
  });
});
