import { describe, expect, it } from '@jest/globals';
import { parseCommandLine } from './cli-args.js';
import { privacyDraftOf } from './trygr-config.js';

describe('parseCommandLine', () => {
  it('reads dry-run with its options', () => {
    expect(parseCommandLine(['dry-run', 'config.json'])).toEqual({ command: 'dry-run', configPath: 'config.json', json: false });
    expect(parseCommandLine(['dry-run', '/hb/config.json', '--storage', '/hb', '--days', '7', '--json'])).toEqual({
      command: 'dry-run',
      configPath: '/hb/config.json',
      storagePath: '/hb',
      days: 7,
      json: true,
    });
  });

  it('reads --bridge, the child bridge whose block and ledger to use', () => {
    expect(parseCommandLine(['dry-run', 'config.json', '--bridge', '0E:AA:BB:CC:DD:01'])).toEqual({
      command: 'dry-run',
      configPath: 'config.json',
      bridgeUsername: '0E:AA:BB:CC:DD:01',
      json: false,
    });
  });

  it('asks for help with no arguments or -h', () => {
    expect(parseCommandLine([])).toEqual({ command: 'help' });
    expect(parseCommandLine(['dry-run', '-h'])).toEqual({ command: 'help' });
  });

  it.each([
    [['lint', 'config.json'], 'Unknown command "lint"'],
    [['dry-run'], 'needs the path of config.json'],
    [['dry-run', 'a.json', 'b.json'], 'Unexpected argument "b.json"'],
    [['dry-run', 'a.json', '--days', '0'], '--days must be a whole number of days from 1, not "0"'],
    [['dry-run', 'a.json', '--days', '2.5'], 'not "2.5"'],
    [['dry-run', 'a.json', '--verbose'], "Unknown option '--verbose'"],
  ])('refuses %j', (argv, message) => {
    const parsed = parseCommandLine(argv);
    expect(parsed.command).toBe('error');
    expect(parsed.command === 'error' && parsed.message).toContain(message);
  });
});

describe('privacyDraftOf', () => {
  it("takes the main bridge's block over a child bridge's that comes first, or the child's asked for", () => {
    const child = { platform: 'Trygr', _bridge: { username: '0E:AA:BB:CC:DD:01' }, privacy: { defaultAction: 'block' } };
    const main = { platform: 'Trygr', privacy: { defaultAction: 'forward' } };
    expect(privacyDraftOf({ platforms: [child, main] })).toEqual({ found: true, privacy: main.privacy, blocks: 2 });
    expect(privacyDraftOf({ platforms: [child, main] }, '0e:aa:bb:cc:dd:01')).toEqual({
      found: true,
      privacy: child.privacy,
      blocks: 2,
      bridgeUsername: '0E:AA:BB:CC:DD:01',
    });
    expect(privacyDraftOf({ platforms: [child] })).toEqual({ found: true, privacy: child.privacy, blocks: 1, bridgeUsername: '0E:AA:BB:CC:DD:01' });
  });

  it('takes the privacy block of the first Trygr platform, by alias or qualified name', () => {
    const privacy = { defaultAction: 'block' };
    expect(privacyDraftOf({ platforms: [{ platform: 'Other' }, { platform: 'Trygr', privacy }] })).toEqual({ found: true, privacy, blocks: 1 });
    expect(privacyDraftOf({ platforms: [{ platform: 'homebridge-trygr.Trygr', privacy }, { platform: 'Trygr' }] })).toEqual({ found: true, privacy, blocks: 2 });
    expect(privacyDraftOf({ platforms: [{ platform: 'Trygr' }] })).toEqual({ found: true, privacy: undefined, blocks: 1 });
  });

  it('says what is missing', () => {
    expect(privacyDraftOf({ bridge: {} })).toEqual({ found: false, message: 'The config has no "platforms" list.' });
    expect(privacyDraftOf({ platforms: [{ platform: 'Ring' }] })).toEqual({ found: false, message: 'The config has no "Trygr" platform block.' });
    expect(privacyDraftOf(null).found).toBe(false);
  });
});
