/**
 * The names a module imports from a package, read from its source text, so that the stand-in module
 * offers exactly those. Only the plain `import { a, b as c } from 'pkg'` form is understood: any
 * other mention of the package (a default or namespace import, a re-export, a dynamic import, a bare
 * `import 'pkg'`) gives undefined, and the caller then lets the real package load as usual. A newer
 * ring-client-api that imports it differently therefore costs the saving, never a failed load.
 */
/** A JavaScript identifier as an export name (no escapes, no Unicode letters: what packages use). */
export const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function namedImports(source: string, pkg: string): string[] | undefined {
  const name = escape(pkg);
  const mentions = source.match(new RegExp(`(['"])${name}\\1`, 'g'))?.length ?? 0;
  if (mentions === 0) return undefined;
  const names = new Set<string>();
  let statements = 0;
  for (const match of source.matchAll(new RegExp(`\\bimport\\s*\\{([^}]*)\\}\\s*from\\s*(['"])${name}\\2\\s*;?`, 'g'))) {
    statements++;
    for (const part of match[1]!.split(',')) {
      const item = part.trim();
      if (item === '') continue;
      const imported = /^(\S+)(?:\s+as\s+\S+)?$/.exec(item)?.[1];
      if (imported === undefined || !IDENTIFIER.test(imported) || imported === 'default') return undefined;
      names.add(imported);
    }
  }
  // Every mention must belong to a named import we read; anything else is a form we do not cover.
  if (statements !== mentions || names.size === 0) return undefined;
  return [...names].sort();
}
