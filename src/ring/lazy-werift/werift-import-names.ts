/**
 * The names a module imports from werift, read from its source text, so that the stand-in module
 * offers exactly those. Only the plain `import { a, b as c } from 'werift'` form is understood: any
 * other mention of the package (a default or namespace import, a re-export, a dynamic import, a bare
 * `import 'werift'`) gives undefined, and the caller then lets the real werift load as usual. A newer
 * ring-client-api that imports werift differently therefore costs the saving, never a failed load.
 */
const PACKAGE = /(['"])werift\1/g;
const NAMED_IMPORT = /\bimport\s*\{([^}]*)\}\s*from\s*(['"])werift\2\s*;?/g;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function weriftImportNames(source: string): string[] | undefined {
  const mentions = source.match(PACKAGE)?.length ?? 0;
  if (mentions === 0) return undefined;
  const names = new Set<string>();
  let statements = 0;
  for (const match of source.matchAll(NAMED_IMPORT)) {
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
