/**
 * The browser scenario's "Move from homebridge-ring" step (browser-scenario.ts calls it once the
 * plugin is signed out): config.json gets homebridge-ring's `Ring` block with a sign-in the Ring
 * cloud emulator issued, and the user moves it in the panel, confirming that homebridge-ring is
 * stopped. Then config.json holds the mapped options and the sign-in in Trygr's block, homebridge-ring
 * in `disabledPlugins` and its block as it was; the running plugin connects with the moved sign-in;
 * and a later Save of the settings window keeps the move (the page took the new options into the
 * Homebridge UI's copy).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { demoHome, type RingCloud } from '../emulator/index.js';
import type { HomebridgeProcess } from '../harness/index.js';
import type { ConfigUiPages } from './config-ui-pages.js';
import { readRefreshToken } from '../../src/token-store/index.js';

export interface RingMoveContext {
  page: Page;
  hb: HomebridgeProcess;
  cloud: RingCloud;
  storage: string;
  pages: ConfigUiPages;
  openSettings(): Promise<Frame>;
  step(name: string): void;
  shot(name: string): Promise<void>;
  until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  /** Secrets the run's logs are scanned for. */
  secrets: string[];
}

type Block = Record<string, unknown>;
type Config = { platforms: Block[]; disabledPlugins?: string[] };

export async function moveFromHomebridgeRing(ctx: RingMoveContext): Promise<void> {
  const { page, hb, cloud, pages, until } = ctx;
  const config = () => JSON.parse(readFileSync(hb.configPath, 'utf8')) as Config;
  const trygr = () => config().platforms.find((p) => p.platform === 'Trygr')!;
  const sidecarToken = () => (JSON.parse(readFileSync(join(ctx.storage, 'trygr', 'token.json'), 'utf8')) as { refreshToken?: string }).refreshToken;

  const token = cloud.mintRefreshToken();
  ctx.secrets.push(token);
  const ring: Block = {
    platform: 'Ring',
    name: 'Ring',
    refreshToken: token,
    locationIds: [demoHome.locationId],
    cameraStatusPollingSeconds: 30,
    locationModePollingSeconds: 5,
    hideAlarmSirenSwitch: false,
    hideCameraLight: true,
  };
  const before = config();
  assert.equal(readRefreshToken(readFileSync(hb.configPath, 'utf8')), undefined, 'Trygr is signed out before the move');
  writeFileSync(hb.configPath, JSON.stringify({ ...before, platforms: [...before.platforms, ring] }, null, 4));

  const frame = await ctx.openSettings();
  const card = frame.locator('[data-testid="ring-move"]');
  await card.waitFor({ timeout: 30_000 });
  assert.match(await card.innerText(), /config\.json has homebridge-ring's settings \("Ring"\)\. Trygr can take them over/);
  assert.match(await card.innerText(), /A refresh token works for one client only/);
  const moveWithToken = card.getByRole('button', { name: 'Move settings and sign-in' });
  assert.equal(await moveWithToken.isDisabled(), true, 'the sign-in is not moved before homebridge-ring is said to be stopped');
  assert.ok(!(await frame.content()).includes(token), 'the page never holds the moved token');
  await card.getByLabel(/homebridge-ring is stopped/).check();
  await until('the sign-in can be moved', () => moveWithToken.isEnabled(), 10_000);
  await ctx.shot('ring-move-confirmed');
  const mark = hb.logMark();
  await moveWithToken.click();

  const outcome = frame.locator('[data-testid="ring-move-outcome"]');
  await outcome.waitFor({ timeout: 30_000 });
  const said = await outcome.innerText();
  assert.match(said, /Restart Homebridge to finish/);
  assert.match(said, /homebridge-ring is disabled \(config\.json's disabledPlugins\); its block is still there, unchanged/);
  assert.match(said, /homebridge-ring's sign-in is now Trygr's, saved to config\.json and Trygr's token file/);
  assert.match(said, /cameraStatusPollingSeconds → cameraStatusPollingSeconds: 30/);
  assert.match(said, /locationModePollingSeconds: Trygr's locationModePollingSeconds should be 0 \(off\) or a whole number from 10 to 3600; 5 is out of range/);
  assert.ok(!(await frame.content()).includes(token), 'the page never holds the moved token');
  await ctx.shot('ring-move-done');

  const after = config();
  const block = trygr();
  assert.equal(block.cameraStatusPollingSeconds, 30);
  assert.deepEqual(block.locationIds, [demoHome.locationId]);
  assert.equal(block.alarmSirenSwitch, true);
  assert.equal(block.cameraLight, false, "homebridge-ring's hideCameraLight carries over as cameraLight off");
  // Earlier steps saved the Options form, which writes every default into the block; 5 must not replace it.
  assert.notEqual(block.locationModePollingSeconds, 5, 'a value outside our limits is not carried');
  assert.ok(readRefreshToken(readFileSync(hb.configPath, 'utf8')), "Trygr's block holds the sign-in");
  assert.ok(after.disabledPlugins?.includes('homebridge-ring'), 'homebridge-ring is disabled');
  assert.deepEqual(
    after.platforms.find((p) => p.platform === 'Ring'),
    ring,
    "homebridge-ring's block is still there, unchanged",
  );
  // The moved sign-in is one the running plugin takes up by itself, as a panel sign-in.
  await hb.waitForLog(/A new Ring sign-in was saved; connecting with it\./, 30_000, mark);
  await hb.waitForLog(/Connected to Ring: 1 location/, 60_000, mark);
  await frame.locator('[data-testid="account-status"]', { hasText: 'Connected to Ring' }).waitFor({ timeout: 30_000 });
  ctx.step('moved-from-homebridge-ring');

  // The settings window's Save writes the Homebridge UI's copy of Trygr's block: it holds the moved
  // options, so the Save keeps them (without the page's update it wrote the block from before).
  await frame.getByRole('tab', { name: 'Options' }).click();
  const polling = await pages.option(page, 'cameraStatusPollingSeconds', 'Devices');
  assert.equal(await polling.inputValue(), '30', 'the form shows the moved option');
  await pages.save(page);
  await until('config.json still holds the moved options after Save', () => {
    const saved = trygr();
    return saved.cameraStatusPollingSeconds === 30 && saved.alarmSirenSwitch === true && JSON.stringify(saved.locationIds) === JSON.stringify([demoHome.locationId]);
  });
  assert.ok(config().disabledPlugins?.includes('homebridge-ring'), 'the Save kept homebridge-ring disabled');
  // The page never had the moved token, so the Save left it out; the running plugin writes it back from its token file.
  await until(
    "config.json holds the plugin's newest token again",
    () => {
      const current = readRefreshToken(readFileSync(hb.configPath, 'utf8'));
      if (current && !ctx.secrets.includes(current)) ctx.secrets.push(current);
      return current !== undefined && current === sidecarToken();
    },
    30_000,
  );
  ctx.step('ring-move-kept-by-a-later-save');
}
