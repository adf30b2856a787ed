/**
 * Run by stale-writer.test.ts as a separate process: plays the Homebridge UI, which loads config.json
 * into a form and later saves the whole form back (re-formatted, in place, not atomically), carrying
 * whatever refresh token was in the file when the form was loaded. Messages from the parent:
 * `snapshot` (load the form now; answered with `snapshotted`) and `stop` (answered with `done`).
 * Every save also changes one setting (`uiSaveCount`), which must survive the token store's writes.
 */
import { open, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const configPath = process.argv[2]!;
let form: { platforms: Record<string, unknown>[] } | undefined;
let saves = 0;
let stopping = false;
let loadRequested = false;

process.on('message', (message: { type: string }) => {
  if (message.type === 'snapshot') loadRequested = true;
  else if (message.type === 'stop') stopping = true;
});

/** Between saves, as one browser tab does: never reads its own half-written save. */
async function loadForm(): Promise<void> {
  if (!loadRequested) return;
  loadRequested = false;
  form = JSON.parse(await readFile(configPath, 'utf8'));
  process.send!({ type: 'snapshotted' });
}

async function save(): Promise<void> {
  if (!form) return;
  saves += 1;
  const block = form.platforms.find((platform) => platform.platform === 'Trygr' && !platform._bridge)!;
  block.uiSaveCount = saves;
  const text = JSON.stringify(form, null, 4);
  // Truncate, write half, pause, write the rest: a reader in between sees a broken file.
  const file = await open(configPath, 'w');
  try {
    await file.write(text.slice(0, text.length >> 1));
    await sleep(Math.random() < 0.3 ? 1 : 0);
    await file.write(text.slice(text.length >> 1));
  } finally {
    await file.close();
  }
}

process.send!({ type: 'ready' });
while (!stopping) {
  await loadForm();
  await save();
  await sleep(2 + Math.random() * 10);
}
process.send!({ type: 'done', saves }, () => process.exit(0));
