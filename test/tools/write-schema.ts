/** Regenerates config.schema.json and the README's option table from the option catalogue (`npm run schema`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildConfigSchema } from '../../src/config/schema.js';
import { withGeneratedTables } from '../../src/config/options-doc.js';
import { policyJsonSchema } from '../../src/privacy/policy-schema.js';

const root = new URL('../../../', import.meta.url);
writeFileSync(new URL('config.schema.json', root), JSON.stringify(buildConfigSchema(policyJsonSchema()), null, 2) + '\n');
const readme = new URL('README.md', root);
writeFileSync(readme, withGeneratedTables(readFileSync(readme, 'utf8')));
console.log('config.schema.json and the option tables in README.md written');
