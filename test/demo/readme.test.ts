/**
 * The README's examples stay true: every platform block it shows is one the plugin accepts (or, when
 * marked `<!-- refused -->`, one the plugin refuses), every `npm run` it names exists, and every
 * picture it shows or links is in the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/parse-config.js';
import { validatePolicy } from '../../src/privacy/policy-validate.js';
import { findRepoRoot } from '../harness/repo-paths.js';

const root = findRepoRoot();
const readme = readFileSync(join(root, 'README.md'), 'utf8');

interface Example {
  line: number;
  refused: boolean;
  block: Record<string, unknown>;
}

function jsonExamples(): Example[] {
  const lines = readme.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```json') continue;
    const end = lines.indexOf('```', i + 1);
    const block = JSON.parse(lines.slice(i + 1, end).join('\n')) as Record<string, unknown>;
    examples.push({ line: i + 1, refused: lines[i - 1] === '<!-- refused -->', block });
    i = end;
  }
  return examples;
}

describe('README', () => {
  const examples = jsonExamples();

  test('shows policy examples, one of them refused', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    expect(examples.filter((e) => e.refused)).toHaveLength(1);
  });

  test.each(examples.map((e) => [e.line, e]))('the platform block at line %i is accepted, or refused when marked so', (_line, example) => {
    const { block, refused } = example as Example;
    expect(block.platform).toBe('Trygr');
    expect(parseConfig(block).problems).toEqual([]);
    const { policy, errors } = validatePolicy(block.privacy);
    if (refused) {
      expect(policy).toBeUndefined();
      expect(errors.map((e) => e.message).join(' ')).toMatch(/life-safety/);
    } else {
      expect(errors).toEqual([]);
      expect(policy).toBeDefined();
    }
  });

  test('names only npm scripts that exist, and `npm test` as the test command', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const named = [...readme.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !scripts.includes(name!))).toEqual([]);
    expect(readme).toContain('`npm test`');
  });

  test('every picture it shows or links is in the repository, the gallery of every tab among them', () => {
    const pictures = [...readme.matchAll(/\]\((docs\/images\/[^)\s]+)\)/g)].map((m) => m[1]!);
    expect(pictures.filter((file) => file.startsWith('docs/images/gallery/')).length).toBe(20);
    expect(pictures.filter((file) => !existsSync(join(root, file)))).toEqual([]);
  });
});
