import { blockBridge, ourBlock, ourBlocks, runningBlockBridge } from './our-block.js';

const main = { platform: 'Trygr', name: 'Home' };
const childA = { platform: 'Trygr', name: 'Flat', _bridge: { username: '0E:AA:BB:CC:DD:01', port: 51001 } };
const childB = { platform: 'homebridge-trygr.Trygr', name: 'Cabin', _bridge: { username: '0e:aa:bb:cc:dd:02' } };
const other = { platform: 'Ring', name: 'Home' };

describe('which block is ours', () => {
  test('our blocks are those of the bare or the plugin-qualified platform name, in file order', () => {
    expect(ourBlocks({ platforms: [other, childA, main, childB, 'x', null] })).toEqual([childA, main, childB]);
    expect(ourBlocks({ platforms: {} })).toEqual([]);
    expect(ourBlocks(null)).toEqual([]);
  });

  test.each([
    ['the main bridge block wins without a username', [childA, main, childB], undefined, main],
    ['else the first block', [childA, childB], undefined, childA],
    ['a username picks its child bridge, in any case', [main, childA, childB], '0E:AA:BB:CC:DD:02', childB],
    ['a username no block has picks none', [main, childA], '11:22:33:44:55:66', undefined],
    ['no blocks, nothing', [], undefined, undefined],
  ])('%s', (_label, blocks, username, expected) => {
    expect(ourBlock({ platforms: [other, ...blocks] }, username)).toBe(expected);
  });

  test('a `_bridge` makes a child bridge block as Homebridge decides it (truthy), its username trimmed', () => {
    expect(blockBridge(main)).toEqual({ child: false });
    expect(blockBridge(childA)).toEqual({ child: true, username: '0E:AA:BB:CC:DD:01' });
    expect(blockBridge({ _bridge: {} })).toEqual({ child: true });
    expect(blockBridge({ _bridge: { username: ' 0E:01 ' } })).toEqual({ child: true, username: '0E:01' });
  });
});

describe('the running block, found by content (Homebridge deletes `_bridge` in a child bridge)', () => {
  const strip = ({ _bridge: _, ...block }: Record<string, unknown>) => block;

  test('each child bridge finds its own block', () => {
    const config = { platforms: [main, childA, childB] };
    expect(runningBlockBridge(config, strip(childA))).toEqual({ found: 'one', bridgeUsername: '0E:AA:BB:CC:DD:01' });
    expect(runningBlockBridge(config, strip(childB))).toEqual({ found: 'one', bridgeUsername: '0e:aa:bb:cc:dd:02' });
    expect(runningBlockBridge(config, main)).toEqual({ found: 'one' });
  });

  test('key order does not matter; a token saved since Homebridge read the file does not either', () => {
    const saved = {
      platforms: [
        { ...childA, refreshToken: 'new' },
        { ...childB, refreshToken: 'other' },
      ],
    };
    expect(runningBlockBridge(saved, { name: 'Flat', platform: 'Trygr', refreshToken: 'old' })).toEqual({ found: 'one', bridgeUsername: '0E:AA:BB:CC:DD:01' });
  });

  test('blocks that differ only in their token are told apart by it', () => {
    const a = { ...childA, name: 'Same', refreshToken: 'token-a' };
    const b = { ...childB, platform: 'Trygr', name: 'Same', refreshToken: 'token-b' };
    expect(runningBlockBridge({ platforms: [a, b] }, strip(b))).toEqual({ found: 'one', bridgeUsername: '0e:aa:bb:cc:dd:02' });
  });

  test('a single block is ours whatever it holds now; identical blocks and unknown content are said so', () => {
    expect(runningBlockBridge({ platforms: [childA] }, { platform: 'Trygr', name: 'Renamed' })).toEqual({ found: 'one', bridgeUsername: '0E:AA:BB:CC:DD:01' });
    const twin = { ...childB, platform: 'Trygr', name: 'Flat' };
    expect(runningBlockBridge({ platforms: [childA, twin] }, { platform: 'Trygr', name: 'Flat' })).toEqual({ found: 'several', count: 2 });
    expect(runningBlockBridge({ platforms: [childA, childB] }, { platform: 'Trygr', name: 'Elsewhere' })).toEqual({ found: 'none' });
    expect(runningBlockBridge({}, main)).toEqual({ found: 'none' });
  });
});
