import { ringRequire } from '../ring-dependency.js';

type Exports = Record<string, unknown>;

let werift: Exports | undefined;

/**
 * werift's CommonJS build, resolved from ring-client-api's folder (the copy npm installed for it).
 * Loaded synchronously, because the first use is a constructor call deep in a live call's set-up.
 */
function loadWerift(): Exports {
  werift ??= ringRequire()('werift') as Exports;
  return werift;
}

export function weriftLoaded(): boolean {
  return werift !== undefined;
}

/**
 * A stand-in for one werift export: constructing it, calling it or reading a property (a static
 * method such as RtpPacket.deSerialize, or `prototype` for instanceof) loads werift and forwards to
 * the real export. The target is an ordinary function so that the proxy can be constructed.
 */
export function lazyExport(name: string, load: () => Exports = loadWerift): unknown {
  const real = (): object => {
    const value = load()[name];
    if ((typeof value !== 'function' && typeof value !== 'object') || value === null) {
      throw new TypeError(`werift has no export named ${name}`);
    }
    return value;
  };
  type Constructor = new (...args: unknown[]) => object;
  const target = function weriftStandIn() {};
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
