import { emptySidecar, withNewestToken, withoutToken, type SidecarState } from './sidecar-state.js';
import { resolveStartup, type StartupDecision } from './startup-resolution.js';

const at = new Date('2025-01-02T03:04:05.000Z');
const wrap = (config: object): string => Buffer.from(JSON.stringify(config)).toString('base64');

// A history: sign-in S (from config.json), then rotations A, B, C (newest).
const S = wrap({ rt: 'rt-sign-in-aaaaaaaa', hid: 'hid-1' });
const A = wrap({ rt: 'rt-rotation-a-bbbbbb', hid: 'hid-1' });
const B = wrap({ rt: 'rt-rotation-b-cccccc', hid: 'hid-1' });
const C = wrap({ rt: 'rt-rotation-c-dddddd', hid: 'hid-1' });
const C_WITH_PUSH = wrap({ rt: 'rt-rotation-c-dddddd', hid: 'hid-1', pnc: { gcm: 'x' } });
const NEW = wrap({ rt: 'rt-brand-new-eeeeee', hid: 'hid-1' });

function history(...tokens: string[]): SidecarState {
  return tokens.reduce<SidecarState>((state, token, index) => withNewestToken(state, { token, at, fromConfig: index === 0 }, 20), emptySidecar());
}

type Row = [string, string | undefined, SidecarState | undefined, Omit<StartupDecision, 'repairConfig' | 'adoptIntoSidecar'> & { repair: boolean; adopt: boolean }];

const rows: Row[] = [
  ['nothing anywhere', undefined, undefined, { case: 'no-token', source: 'none', repair: false, adopt: false }],
  ['nothing in an empty sidecar', undefined, emptySidecar(), { case: 'no-token', source: 'none', repair: false, adopt: false }],
  ['config.json lost its token', undefined, history(S, A, C), { case: 'sidecar-only', token: C, source: 'sidecar', repair: true, adopt: false }],
  ['first start with the store', S, undefined, { case: 'config-only', token: S, source: 'config', repair: false, adopt: true }],
  ['first start, empty sidecar', S, emptySidecar(), { case: 'config-only', token: S, source: 'config', repair: false, adopt: true }],
  ['both agree', C, history(S, A, C), { case: 'same', token: C, source: 'config', repair: false, adopt: false }],
  ['raw form in config.json, wrapped in the sidecar', 'rt-rotation-c-dddddd', history(S, C), { case: 'same', token: C, source: 'sidecar', repair: true, adopt: false }],
  ['sidecar has push credentials added', C, history(S, C, C_WITH_PUSH), { case: 'same', token: C_WITH_PUSH, source: 'sidecar', repair: true, adopt: false }],
  ['stale form save (one back)', B, history(S, A, B, C), { case: 'config-stale', token: C, source: 'sidecar', repair: true, adopt: false }],
  ['restored backup (sign-in token)', S, history(S, A, B, C), { case: 'config-stale', token: C, source: 'sidecar', repair: true, adopt: false }],
  ['stale token in raw form', 'rt-rotation-a-bbbbbb', history(S, A, C), { case: 'config-stale', token: C, source: 'sidecar', repair: true, adopt: false }],
  ['stale token after sign-out', C, withoutToken(history(S, C)), { case: 'config-stale', source: 'none', repair: true, adopt: false }],
  ['new sign-in saved by the UI', NEW, history(S, A, C), { case: 'new-sign-in', token: NEW, source: 'config', repair: false, adopt: true }],
  ['new sign-in after sign-out', NEW, withoutToken(history(S, C)), { case: 'new-sign-in', token: NEW, source: 'config', repair: false, adopt: true }],
];

describe('startup resolution truth table', () => {
  it.each(rows)('%s', (_name, configToken, sidecar, expected) => {
    const { repair, adopt, ...rest } = expected;
    expect(resolveStartup(configToken, sidecar)).toEqual({ ...rest, repairConfig: repair, adoptIntoSidecar: adopt });
  });

  it('a read-only config.json keeps pointing at the sidecar after many rotations', () => {
    const rotations = Array.from({ length: 40 }, (_, n) => wrap({ rt: `rt-rotation-${n}-ffffffff`, hid: 'hid-1' }));
    const decision = resolveStartup(S, history(S, ...rotations));
    expect(decision).toMatchObject({ case: 'config-stale', token: rotations[39], source: 'sidecar' });
  });
});
