import { jest } from '@jest/globals';
import { bundleFacadeSource, bundleUrlBeside, singleFileRxjs } from './single-file-rxjs.js';

const RXJS = 'file:///plugins/node_modules/homebridge-trygr/node_modules/rxjs/';
const BUNDLE = `${RXJS}dist/bundles/rxjs.umd.js`;
const BUNDLE_PATH = '/plugins/node_modules/homebridge-trygr/node_modules/rxjs/dist/bundles/rxjs.umd.js';
const LIB = 'file:///plugins/node_modules/homebridge-trygr/node_modules/ring-client-api/lib/';
const OURS = 'file:///plugins/node_modules/homebridge-trygr/dist/';
const dataSource = (url: string) => decodeURIComponent(url.slice('data:text/javascript,'.length));

describe('bundleUrlBeside', () => {
  test.each([
    [`${RXJS}dist/cjs/index.js`, BUNDLE],
    [`${RXJS}dist/cjs/operators/index.js`, BUNDLE],
    [`${RXJS}dist/esm5/index.js`, BUNDLE],
    ['file:///a/node_modules/ring-client-api/node_modules/rxjs/dist/cjs/index.js', 'file:///a/node_modules/ring-client-api/node_modules/rxjs/dist/bundles/rxjs.umd.js'],
    [`${RXJS}dist/cjs/internal/Observable.js`, undefined],
    ['file:///a/node_modules/not-rxjs/dist/cjs/index.js', undefined],
    ['node:events', undefined],
  ])('%s -> %s', (resolved, bundle) => {
    expect(bundleUrlBeside(resolved)).toBe(bundle);
  });
});

describe('bundleFacadeSource', () => {
  test('exports each name of the bundle, or of its operators, and the object itself as default', () => {
    const load = `import { createRequire } from 'node:module';\nconst rxjs = createRequire(${JSON.stringify(BUNDLE_PATH)})(${JSON.stringify(BUNDLE_PATH)});\n`;
    expect(bundleFacadeSource(BUNDLE, 'root', ['Observable', 'map', 'default', 'module.exports', 'operators'])).toBe(
      `${load}export const { Observable, map, operators } = rxjs;\nexport default rxjs;\n`,
    );
    expect(bundleFacadeSource(BUNDLE, 'operators', ['map', 'merge'])).toBe(`${load}export const { map, merge } = rxjs.operators;\nexport default rxjs.operators;\n`);
  });

  test('a bundle without names is refused', () => {
    expect(() => bundleFacadeSource(BUNDLE, 'operators', ['default'])).toThrow(/exports nothing under operators/);
  });
});

describe('singleFileRxjs', () => {
  const next = jest.fn((specifier: string) => ({ url: specifier === 'rxjs' ? `${RXJS}dist/cjs/index.js` : `${RXJS}dist/cjs/operators/index.js` }));
  const bundle = { Observable: class {}, map: () => {}, merge: () => {}, operators: { map: () => {}, merge: () => {} } };
  const load = jest.fn((_url: string) => bundle as Record<string, unknown>);
  beforeEach(() => {
    next.mockClear();
    load.mockClear();
  });

  test("ring-client-api's and the plugin's rxjs imports get the same module over the bundle, which is read once", () => {
    const resolve = singleFileRxjs([LIB, OURS], load);
    expect(resolve.source()).toBeUndefined();
    const fromRing = resolve('rxjs', { parentURL: `${LIB}location.js` }, next);
    const fromUs = resolve('rxjs', { parentURL: `${OURS}privacy/privacy-gate.js` }, next);
    expect(fromRing).toEqual(fromUs);
    expect(fromRing.shortCircuit).toBe(true);
    expect(dataSource(fromRing.url)).toBe(bundleFacadeSource(BUNDLE, 'root', Object.keys(bundle)));
    expect(load).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledWith(BUNDLE);
    expect(resolve.source()).toBe('single file');
  });

  test("rxjs/operators is answered from the bundle's operators object, not its root", () => {
    const resolve = singleFileRxjs([LIB], load);
    const result = resolve('rxjs/operators', { parentURL: `${LIB}api.js` }, next);
    expect(dataSource(result.url)).toBe(bundleFacadeSource(BUNDLE, 'operators', ['map', 'merge']));
    expect(next).toHaveBeenCalledWith('rxjs/operators', { parentURL: `${LIB}api.js` });
  });

  test.each([
    ['another package', 'ws', `${LIB}location.js`],
    ['an rxjs subpath the hook does not answer', 'rxjs/testing', `${LIB}location.js`],
    ["another plugin's rxjs", 'rxjs', 'file:///plugins/node_modules/homebridge-other/dist/index.js'],
    ['no parent (the entry point)', 'rxjs', undefined],
  ])('%s is handed on untouched', (_label, specifier, parentURL) => {
    const context = { parentURL };
    const resolve = singleFileRxjs([LIB, OURS], load);
    expect(resolve(specifier, context, next)).toEqual(next(specifier));
    expect(next).toHaveBeenCalledWith(specifier, context);
    expect(load).not.toHaveBeenCalled();
    expect(resolve.source()).toBeUndefined();
  });

  test('where the bundle cannot be loaded, rxjs resolves as it always did, and the bundle is not tried again', () => {
    const missing = jest.fn((_url: string): Record<string, unknown> => {
      throw new Error('Cannot find module');
    });
    const resolve = singleFileRxjs([LIB], missing);
    expect(resolve('rxjs', { parentURL: `${LIB}location.js` }, next)).toEqual({ url: `${RXJS}dist/cjs/index.js` });
    expect(resolve('rxjs', { parentURL: `${LIB}api.js` }, next)).toEqual({ url: `${RXJS}dist/cjs/index.js` });
    expect(missing).toHaveBeenCalledTimes(1);
    expect(resolve.source()).toBe('as before');
  });
});
