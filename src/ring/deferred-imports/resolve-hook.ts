/** The part of Node's module.registerHooks that the start-up hooks use (types only: @types/node 20 lacks them). */
export type ResolveContext = { parentURL?: string };
export type ResolveResult = { url: string; shortCircuit?: boolean };
export type NextResolve = (specifier: string, context?: ResolveContext) => ResolveResult;
export type ResolveHook = (specifier: string, context: ResolveContext, next: NextResolve) => ResolveResult;
export type RegisterHooks = (hooks: { resolve: ResolveHook }) => unknown;
