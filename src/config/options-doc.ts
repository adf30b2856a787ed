import { OPTIONS } from './options.js';
import { migrationTable, MIGRATION_END, MIGRATION_START } from './homebridge-ring-options.js';

export const DOC_START = '<!-- options:start (generated from src/config/options.ts by `npm run schema`) -->';
export const DOC_END = '<!-- options:end -->';

const defaultText = (value: unknown): string => (value === undefined ? '' : `\`${JSON.stringify(value)}\``);

/** The README's option table, from the same catalogue as the parser and config.schema.json. */
export function optionsTable(): string {
  const rows = OPTIONS.map(
    (spec) =>
      `| \`${spec.key}\` | ${spec.description}${spec.values ? ` One or more of: ${spec.values.map((v) => `\`${v}\``).join(', ')}.` : ''} | ${defaultText(spec.default)} |`,
  );
  return [
    '| option | what it does | default |',
    '| --- | --- | --- |',
    ...rows,
    '| `privacy` | The privacy policy: ordered rules deciding what reaches Apple Home (see below). Edit it in the settings panel. | forward everything |',
  ].join('\n');
}

/** Replaces the text between two markers; the README must have them. */
function replaceBlock(readme: string, startMarker: string, endMarker: string, content: string): string {
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no block ${startMarker}`);
  }
  return readme.slice(0, start + startMarker.length) + '\n' + content + '\n' + readme.slice(end);
}

/** The README with its generated tables (the options, and homebridge-ring's options) written anew. */
export function withGeneratedTables(readme: string): string {
  return replaceBlock(replaceBlock(readme, DOC_START, DOC_END, optionsTable()), MIGRATION_START, MIGRATION_END, migrationTable());
}
