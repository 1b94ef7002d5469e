/** Helpers the editor-* specs share: open a clean app, read the preview, reach controls by JSON path. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { getAt } from '../src/recipe/index.ts';
import type { Json, JsonObject } from '../src/recipe/index.ts';

export const SCREENS = join(resolve(import.meta.dirname, '..'), 'test-results', 'screens');

/** Opens the app with empty storage, so every test starts from the documented defaults. */
export async function openFresh(page: Page, path = '/'): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => {
    localStorage.clear();
    return new Promise<void>((done) => {
      const req = indexedDB.deleteDatabase('backdrop');
      req.onsuccess = req.onerror = req.onblocked = () => done();
    });
  });
  await page.goto(path);
  await expect(page.getByTestId('json-preview')).toBeVisible();
}

export const preview = (page: Page) => page.getByTestId('json-preview');

export async function previewJson(page: Page): Promise<JsonObject> {
  return JSON.parse((await preview(page).textContent()) ?? '') as JsonObject;
}

/** Waits until the preview's JSON has `value` at `path` (undefined = absent). */
export async function expectAt(page: Page, path: string, value: Json | undefined): Promise<void> {
  await expect.poll(async () => getAt(await previewJson(page), path), { message: path }).toEqual(value);
}

export const control = (page: Page, path: string): Locator => page.locator(`[data-path="${path}"]`);

export async function pickRadio(page: Page, path: string, label: string): Promise<void> {
  await control(page, path).getByRole('radio', { name: label, exact: true }).check();
}

export async function panelOn(page: Page, id: string): Promise<void> {
  const toggle = page.locator(`[data-panel-switch="${id}"]`);
  if (!(await toggle.isChecked())) await toggle.check();
}

export async function openAdvanced(page: Page, panelId: string): Promise<void> {
  const details = page.locator(`[data-panel="${panelId}"] details.panel-advanced`);
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

export async function selectOption(page: Page, path: string, label: string): Promise<void> {
  await control(page, path).selectOption({ label });
}

export async function switchDialect(page: Page, label: 'Claid' | 'Deep-Image'): Promise<void> {
  await page.getByRole('radiogroup', { name: 'Dialect' }).getByRole('radio', { name: label }).check();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  // Transitions run to their end first: right after a theme switch they would catch buttons mid-fade.
  await page.screenshot({ path: join(SCREENS, `${name}.png`), animations: 'disabled' });
}

/** Replaces the request of `dialect` through the JSON editor, as a user pasting it would. */
export async function setRequest(page: Page, dialect: 'Claid' | 'Deep-Image', request: JsonObject) {
  await switchDialect(page, dialect);
  await page.getByTestId('json-edit').click();
  await page.getByTestId('json-editor-text').fill(JSON.stringify(request, null, 2));
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByTestId('json-editor')).toHaveCount(0);
}
