/**
 * The Homebridge UI's own pages as the browser scenario uses them: the plugins page, the plugin's
 * settings window, its Save button and the schema form. homebridge-config-ui-x 5.10 (lane 1) and
 * 5.28 (lane 2, TRYGR_LANE_DIR) differ in a few places; those differences are here and nowhere else.
 *
 * | what                          | 5.10                         | 5.28                                   |
 * | ----------------------------- | ---------------------------- | -------------------------------------- |
 * | plugin card's menu button     | aria-label "Plugin Actions Dropdown" | "Plugin Actions"               |
 * | settings frame address        | index.html?origin=…          | index.html?ticket=… (one-time ticket)  |
 * | page's `savePluginConfig()`   | never answers (posts back an uncloneable promise; the file is written) | answers once written |
 * | page's `updatePluginConfig()` | replaces the UI's blocks     | merges into them (Object.assign)       |
 *
 * Both log in by themselves with `auth: "none"`, show no setup wizard to an existing auth.json,
 * write the schema form's data with defaults filled in, and ask for a restart after Save.
 */
import type { Frame, Locator, Page } from 'playwright-core';

export interface ConfigUiPages {
  /** Opens the plugins page and clicks the plugin's "Plugin Config" (the settings window opens). */
  openPluginsMenu(page: Page, uiUrl: string, onPluginsPage?: () => Promise<void>): Promise<void>;
  /** Opens the plugins page and the plugin's settings; resolves with the panel's frame. */
  openSettings(page: Page, uiUrl: string, onPluginsPage?: () => Promise<void>): Promise<Frame>;
  /** The schema form's field for a top-level option (the input's `name`), its fieldset opened. */
  option(page: Page, name: string, fieldset: string): Promise<Locator>;
  /** Flips a boolean option as a person does, by clicking its switch's label. */
  flip(page: Page, name: string, fieldset: string): Promise<void>;
  /** The settings window's Save button; afterwards the restart prompt is closed. */
  save(page: Page): Promise<void>;
  /** The settings window's Save button itself. */
  saveButton(page: Page): Locator;
  /** Closes the settings window with its × button, as a person does, and waits until it is gone. */
  close(page: Page): Promise<void>;
}

const FRAME_PATH = '/plugins/settings-ui/homebridge-trygr';

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function configUiPages(version: string): ConfigUiPages {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const newer = major > 5 || (major === 5 && minor >= 28);
  const actionsLabel = newer ? 'Plugin Actions' : 'Plugin Actions Dropdown';

  return {
    async openPluginsMenu(page, uiUrl, onPluginsPage) {
      await page.goto(`${uiUrl}/plugins`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('text=Trygr', { timeout: 30_000 });
      await onPluginsPage?.();
      const card = page.locator('.card', { hasText: 'homebridge-trygr' }).first();
      await card.getByLabel(actionsLabel, { exact: true }).click();
      await card
        .getByRole('menuitem', { name: 'Plugin Config' })
        .or(card.locator('.dropdown-item', { hasText: 'Plugin Config' }))
        .first()
        .click();
    },

    async openSettings(page, uiUrl, onPluginsPage) {
      await this.openPluginsMenu(page, uiUrl, onPluginsPage);
      const frame = await until('the plugin settings frame is shown', () => page.frames().find((f) => f.url().includes(FRAME_PATH)), 30_000);
      await frame.waitForSelector('#trygr #panel-account', { state: 'visible', timeout: 30_000 });
      return frame;
    },

    async option(page, name, fieldset) {
      const input = page.locator(`.modal-content app-schema-form [name="${name}"]`);
      await page.locator('.modal-content app-schema-form').waitFor({ timeout: 15_000 });
      // The whole legend: "Devices" must not also find a "Hidden devices" legend inside that fieldset.
      const legend = new RegExp(`^\\s*${fieldset.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
      if (!(await input.isVisible())) await page.locator('.modal-content app-schema-form legend', { hasText: legend }).click();
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      return input;
    },

    async flip(page, name, fieldset) {
      await this.option(page, name, fieldset);
      await page.locator(`.modal-content app-schema-form label:has(input[name="${name}"])`).click();
    },

    async close(page) {
      await page.locator('.modal-header .btn-close').first().click();
      await page.locator(`.modal-content iframe[src*="${FRAME_PATH}"]`).waitFor({ state: 'detached', timeout: 15_000 });
    },

    saveButton(page) {
      return page.locator('.modal-footer button', { hasText: 'Save' }).first();
    },

    async save(page) {
      await this.saveButton(page).click();
      // Both ask for a restart in a window of their own; "Close" leaves Homebridge running.
      // (Its markup nests one .modal-content in another: the innermost one is the window.)
      const restart = page.locator('.modal-content', { hasText: 'Restart Required' }).last();
      await restart.waitFor({ timeout: 30_000 });
      await restart.locator('.modal-footer button', { hasText: /close/i }).first().click();
      await page.waitForFunction('!document.body.innerText.includes("Restart Required")', undefined, { timeout: 15_000 });
    },
  };
}
