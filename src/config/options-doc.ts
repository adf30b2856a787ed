import { OPTIONS } from './options.js';

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

/** Replaces the generated block in a README text. */
export function withOptionsTable(readme: string): string {
  const start = readme.indexOf(DOC_START);
  const end = readme.indexOf(DOC_END);
  if (start < 0 || end < start) {
    throw new Error('README.md has no options block');
  }
  return readme.slice(0, start + DOC_START.length) + '\n' + optionsTable() + '\n' + readme.slice(end);
}
