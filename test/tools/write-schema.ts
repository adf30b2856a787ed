/** Regenerates config.schema.json from the option catalogue (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import { buildConfigSchema } from '../../src/config/schema.js';

const target = new URL('../../../config.schema.json', import.meta.url);
writeFileSync(target, JSON.stringify(buildConfigSchema(), null, 2) + '\n');
console.log('config.schema.json written');
