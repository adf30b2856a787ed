import { RenderMemo } from './render-memo.js';
import type { SnapshotTreatment } from './types.js';

describe('RenderMemo', () => {
  const original: SnapshotTreatment = { kind: 'original' };
  const size = { width: 640, height: 360 };

  test('renders a source once per size and treatment', async () => {
    const memo = new RenderMemo();
    const source = Buffer.from('jpeg-1');
    let renders = 0;
    const render = async () => Buffer.from(`render-${++renders}`);
    const first = await memo.render(source, original, size, render);
    expect(await memo.render(source, original, size, render)).toBe(first);
    expect(renders).toBe(1);
    await memo.render(source, original, { width: 1280, height: 720 }, render);
    await memo.render(source, { kind: 'placeholder' } as SnapshotTreatment, size, render);
    expect(renders).toBe(3);
  });

  test('a new source image (equal bytes, new Buffer) is rendered anew', async () => {
    const memo = new RenderMemo();
    let renders = 0;
    const render = async () => Buffer.from(`render-${++renders}`);
    await memo.render(Buffer.from('same'), original, size, render);
    await memo.render(Buffer.from('same'), original, size, render);
    expect(renders).toBe(2);
  });

  test('a result the keep test refuses is served to the requests already waiting, then rendered anew', async () => {
    const memo = new RenderMemo<{ ok: boolean }>((value) => value.ok);
    const source = Buffer.from('jpeg');
    let renders = 0;
    const render = async () => ({ ok: ++renders > 1 });
    const [first, waiting] = await Promise.all([memo.render(source, original, size, render), memo.render(source, original, size, render)]);
    expect(waiting).toBe(first);
    expect(first.ok).toBe(false);
    const second = await memo.render(source, original, size, render);
    expect(second.ok).toBe(true);
    expect(await memo.render(source, original, size, render)).toBe(second);
    expect(renders).toBe(2);
  });

  test('a failed render is not kept', async () => {
    const memo = new RenderMemo();
    const source = Buffer.from('jpeg');
    await expect(
      memo.render(source, original, size, async () => {
        throw new Error('decode failed');
      }),
    ).rejects.toThrow('decode failed');
    expect(await memo.render(source, original, size, async () => Buffer.from('ok'))).toEqual(Buffer.from('ok'));
  });
});
