import { ringRequire } from '../ring-dependency.js';

type Exports = Record<string, unknown>;

const loaded = new Map<string, Exports>();

/**
 * A deferred package as ring-client-api would get it: resolved from the library's folder (the copy
 * npm installed for it) and loaded synchronously, because the first use is a constructor call deep
 * in a live call's set-up. werift has a CommonJS build and systeminformation is CommonJS;
 * @homebridge/camera-utils is an ES module, which require() loads where these stand-ins are used at
 * all (Node 22.12 and later).
 */
function loadPackage(pkg: string): Exports {
  let exports = loaded.get(pkg);
  if (exports === undefined) {
    exports = ringRequire()(pkg) as Exports;
    loaded.set(pkg, exports);
  }
  return exports;
}

/** The deferred packages loaded so far. */
export function loadedDeferredPackages(): string[] {
  return [...loaded.keys()];
}

/**
 * A stand-in for one export of a deferred package: constructing it, calling it or reading a property
 * (a static method such as RtpPacket.deSerialize, or `prototype` for instanceof) loads the package
 * and forwards to the real export. The target is an ordinary function so that the proxy can be
 * constructed.
 */
export function lazyExport(pkg: string, name: string, load: (pkg: string) => Exports = loadPackage): unknown {
  const real = (): object => {
    const value = load(pkg)[name];
    if ((typeof value !== 'function' && typeof value !== 'object') || value === null) {
      throw new TypeError(`${pkg} has no export named ${name}`);
    }
    return value;
  };
  type Constructor = new (...args: unknown[]) => object;
  const target = function deferredExport() {};
  const proxy: object = new Proxy(target, {
    // `new StandIn()` builds the real class; a subclass of the stand-in keeps its own new.target.
    construct: (_target, args, newTarget) => {
      const constructor = real() as Constructor;
      return Reflect.construct(constructor, args, newTarget === proxy ? constructor : newTarget);
    },
    apply: (_target, thisArg, args) => Reflect.apply(real() as (...a: unknown[]) => unknown, thisArg, args),
    get: (_target, property) => {
      const source = real();
      const value: unknown = Reflect.get(source, property, source);
      return typeof value === 'function' && property !== 'prototype' ? (value as (...a: unknown[]) => unknown).bind(source) : value;
    },
    has: (_target, property) => Reflect.has(real(), property),
  });
  return proxy;
}
