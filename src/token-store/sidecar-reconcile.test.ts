import { planPass, reconcile, type DiskSidecar, type PassInput } from './sidecar-reconcile.js';
import { emptySidecar, withNewestToken, withoutToken, type SidecarState } from './sidecar-state.js';

const at = new Date('2025-01-02T03:04:05.000Z');
const wrap = (config: object): string => Buffer.from(JSON.stringify(config)).toString('base64');
const T = (name: string) => wrap({ rt: `rt-${name}-aaaaaaaaaaaa`, hid: 'hid-1' });

// Our history: sign-in S from config.json (generation 1), rotations A then B (newest).
const S = T('sign-in');
const A = T('rotation-a');
const B = T('rotation-b');
const N = T('panel-sign-in');
const C = T('rotation-c');

const signIn = (state: SidecarState, token: string, fromConfig = false) => withNewestToken(state, { token, at, fromConfig, signIn: !fromConfig }, 20);
const rotate = (state: SidecarState, token: string) => withNewestToken(state, { token, at }, 20);
const ours = rotate(rotate(signIn(emptySidecar(), S, true), A), B);
const onDisk = (state: SidecarState): DiskSidecar => ({ kind: 'state', state });

describe('generations', () => {
  it('rise with sign-ins and sign-outs, not with rotations', () => {
    expect(signIn(emptySidecar(), S, true).generation).toBe(1);
    expect(ours.generation).toBe(1);
    expect(signIn(ours, N).generation).toBe(2);
    expect(withoutToken(ours).generation).toBe(2);
    expect(withoutToken(withoutToken(ours)).generation).toBe(2); // signing out twice is one sign-out
  });
});

describe('reconcile: what to build on when the sidecar is re-read before a write', () => {
  type Row = [
    string,
    SidecarState | undefined,
    DiskSidecar,
    boolean,
    { base: SidecarState | 'memory' | 'disk'; elsewhere?: 'signed-in' | 'signed-out'; generation?: number },
  ];
  const panelSignOut = withoutToken(ours);
  const panelSignIn = signIn(ours, N);
  const signOutThenIn = signIn(withoutToken(ours), N);
  const legacySignOut = { ...withoutToken(ours), generation: ours.generation };
  const legacySignIn = { ...rotate(ours, N), generation: ours.generation };
  const restoredBackup = { ...rotate(signIn(emptySidecar(), S, true), A) };
  const rows: Row[] = [
    ['first read: the disk', undefined, onDisk(ours), true, { base: 'disk' }],
    ['first read of nothing: empty', undefined, { kind: 'absent' }, false, { base: emptySidecar() }],
    ['nobody else wrote: ours (ahead of a failed write)', rotate(ours, C), onDisk(ours), false, { base: 'memory' }],
    ['deleted while running: ours', ours, { kind: 'absent' }, true, { base: 'memory' }],
    ['damaged or a symlink: ours', ours, { kind: 'unusable' }, true, { base: 'memory' }],
    ['panel signed out', ours, onDisk(panelSignOut), true, { base: 'disk', elsewhere: 'signed-out' }],
    ['panel signed in', ours, onDisk(panelSignIn), true, { base: 'disk', elsewhere: 'signed-in' }],
    ['panel signed out, then in', ours, onDisk(signOutThenIn), true, { base: 'disk', elsewhere: 'signed-in' }],
    ['panel signed in while we were signed out', withoutToken(ours), onDisk(signOutThenIn), true, { base: 'disk', elsewhere: 'signed-in' }],
    ['a later generation holding our own token: caught up, not a sign-in', ours, onDisk({ ...ours, generation: 5 }), true, { base: 'memory', generation: 5 }],
    ['a writer without generations signed out', ours, onDisk(legacySignOut), true, { base: 'disk', elsewhere: 'signed-out', generation: 2 }],
    ['a writer without generations saved a token we never had', ours, onDisk(legacySignIn), true, { base: 'disk', elsewhere: 'signed-in', generation: 2 }],
    ['a restored backup with an earlier token of ours', ours, onDisk(restoredBackup), true, { base: 'memory' }],
    ['an old token of ours written while we are signed out', withoutToken(ours), onDisk({ ...ours, generation: 0 }), true, { base: 'memory' }],
  ];
  it.each(rows)('%s', (_name, memory, disk, changed, expected) => {
    const { base, elsewhere } = reconcile(memory, disk, changed);
    const want = expected.base === 'memory' ? memory! : expected.base === 'disk' ? (disk as { state: SidecarState }).state : expected.base;
    expect({ ...base, generation: 0 }).toEqual({ ...want, generation: 0 });
    expect(base.generation).toBe(expected.generation ?? want.generation);
    expect(elsewhere).toBe(expected.elsewhere);
  });
});

describe('planPass: what one pass writes', () => {
  const input = (over: Partial<PassInput>): PassInput => ({ memory: ours, disk: onDisk(ours), changedByOthers: false, epoch: 3, lineageLength: 20, ...over });

  it('saves a rotation of the current connection', () => {
    const plan = planPass(input({ rotation: { arrival: { token: C, at }, epoch: 3 } }));
    expect(plan).toMatchObject({ epoch: 3, droppedRotation: false });
    expect(plan.next.refreshToken).toBe(C);
  });

  it('drops a rotation of a connection from an earlier epoch', () => {
    const plan = planPass(input({ rotation: { arrival: { token: C, at }, epoch: 2 } }));
    expect(plan).toMatchObject({ next: ours, epoch: 3, droppedRotation: true });
  });

  it('a sign-out asked for here wins over a rotation that came before it', () => {
    const plan = planPass(input({ change: { kind: 'sign-out' }, rotation: { arrival: { token: C, at }, epoch: 3 } }));
    expect(plan.next.refreshToken).toBeUndefined();
    expect(plan).toMatchObject({ epoch: 4, droppedRotation: true });
  });

  it('a sign-in asked for here starts a generation and an epoch', () => {
    const plan = planPass(input({ change: { kind: 'sign-in', arrival: { token: N, at, signIn: true } } }));
    expect(plan.next).toMatchObject({ refreshToken: N, generation: ours.generation + 1 });
    expect(plan.epoch).toBe(4);
  });

  it('a sign-out found on disk ends the running connection: its rotation is not written', () => {
    const plan = planPass(input({ disk: onDisk(withoutToken(ours)), changedByOthers: true, rotation: { arrival: { token: C, at }, epoch: 3 } }));
    expect(plan.next).toEqual(withoutToken(ours));
    expect(plan).toMatchObject({ elsewhere: 'signed-out', epoch: 4, droppedRotation: true });
  });

  it('a sign-in found on disk ends the running connection: the sign-in stays', () => {
    const panel = signIn(ours, N);
    const plan = planPass(input({ disk: onDisk(panel), changedByOthers: true, rotation: { arrival: { token: C, at }, epoch: 3 } }));
    expect(plan.next).toEqual(panel);
    expect(plan).toMatchObject({ elsewhere: 'signed-in', epoch: 4, droppedRotation: true });
  });
});
