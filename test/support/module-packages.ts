/** The package (scope included) each module path lies in, each name once: what a process has loaded, by package. */
export function packagesOf(paths: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const path of paths) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
    if (match) names.add(match[1]!);
  }
  return names;
}
