/**
 * Never lose work: reload keeps both dialects' requests; undo/redo from the keyboard; the share link
 * round trip (and a broken link leaves the user's setup alone); translation shows its losses first.
 */
import { expect, test } from './fixtures/test.ts';
import { decodeShare, getAt } from '../src/recipe/index.ts';
import {
  control,
  expectAt,
  openFresh,
  panelOn,
  pickRadio,
  preview,
  previewJson,
  switchDialect,
} from './editor-helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

test('a reload keeps both dialects’ requests and the active dialect', async ({ page }) => {
  await openFresh(page);
  await pickRadio(page, 'operations.background.remove.category', 'Cars');
  await panelOn(page, 'framing');
  await control(page, 'operations.resizing.width').locator('[data-part="amount"]').fill('640');
  await switchDialect(page, 'Deep-Image');
  await pickRadio(page, 'background.remove', 'Human');
  const deepImage = await preview(page).textContent();
  await page.reload();
  await expect(
    page.getByRole('radiogroup', { name: 'Dialect' }).getByRole('radio', { name: 'Deep-Image' }),
  ).toBeChecked();
  await expect.poll(() => preview(page).textContent()).toBe(deepImage);
  await expect(control(page, 'background.remove').getByRole('radio', { name: 'Human' })).toBeChecked();
  await switchDialect(page, 'Claid');
  await expectAt(page, 'operations.background.remove.category', 'cars');
  await expectAt(page, 'operations.resizing.width', 640);
  await expect(control(page, 'operations.resizing.width').locator('[data-part="amount"]')).toHaveValue('640');
});

test('undo and redo every edit from the keyboard and the header', async ({ page }) => {
  await openFresh(page);
  const start = await preview(page).textContent();
  await pickRadio(page, 'operations.background.remove.category', 'Cars');
  await pickRadio(page, 'output.format', 'WebP');
  await page.locator('body').click({ position: { x: 700, y: 20 } });
  await page.keyboard.press(`${MOD}+z`);
  await expectAt(page, 'output.format', 'png');
  await expectAt(page, 'operations.background.remove.category', 'cars');
  await page.keyboard.press(`${MOD}+z`);
  await expect.poll(() => preview(page).textContent()).toBe(start);
  await page.keyboard.press(`Shift+${MOD}+z`);
  await expectAt(page, 'operations.background.remove.category', 'cars');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expectAt(page, 'output.format', 'webp');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expectAt(page, 'output.format', 'png');
});

test('a share link restores dialect and request in a fresh browser, and never carries a key', async ({
  page,
  browser,
}) => {
  await openFresh(page);
  await switchDialect(page, 'Deep-Image');
  await panelOn(page, 'generate');
  await control(page, 'background.generate.description').fill('bottle on a marble table');
  await page.getByRole('button', { name: 'Lock Seed' }).click();
  const sent = await previewJson(page);
  await page.getByTestId('share').click();
  await expect(page.getByTestId('toast').first()).toContainText('Share link copied');
  const url = page.url();
  expect(url).toContain('#r=');
  const decoded = decodeShare(url.split('#r=')[1]!);
  expect(decoded.ok && decoded.request).toEqual(sent);
  expect(url).not.toMatch(/canary|api[_-]?key/i);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(url);
  await expect(
    fresh.getByRole('radiogroup', { name: 'Dialect' }).getByRole('radio', { name: 'Deep-Image' }),
  ).toBeChecked();
  await expect
    .poll(async () => JSON.parse((await fresh.getByTestId('json-preview').textContent()) ?? '{}'))
    .toEqual(sent);
  await expect(fresh.locator('[data-path="background.generate.description"]')).toHaveValue(
    'bottle on a marble table',
  );
  // The link is consumed: a reload keeps later edits instead of re-applying it.
  expect(fresh.url()).not.toContain('#r=');
  await other.close();
});

test('a broken share link says so and leaves the user’s setup alone', async ({ page }) => {
  await openFresh(page);
  await pickRadio(page, 'operations.background.remove.category', 'Cars');
  const mine = await preview(page).textContent();
  await page.goto('/#r=this-is-not-a-recipe');
  await expect(page.getByTestId('toast').first()).toContainText('could not be opened');
  await expect.poll(() => preview(page).textContent()).toBe(mine);
});

test('translate shows what is lost before replacing the other dialect, and undo brings it back', async ({
  page,
}) => {
  await openFresh(page);
  await pickRadio(page, 'operations.background.remove', 'Selective');
  await control(page, 'operations.background.remove.selective.object_to_keep').fill('bottle');
  await control(page, 'operations.background.color').getByRole('radio', { name: 'Colour' }).check();
  await control(page, 'operations.background.color').locator('[data-part="hex"]').fill('#C5C6FF');
  await switchDialect(page, 'Deep-Image');
  const before = await preview(page).textContent();
  await switchDialect(page, 'Claid');

  await page.getByTestId('translate-open').click();
  const dialog = page.getByTestId('translate-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('translate-losses')).toContainText('object_to_keep');
  await dialog.getByTestId('translate-apply').click();
  await expect(
    page.getByRole('radiogroup', { name: 'Dialect' }).getByRole('radio', { name: 'Deep-Image' }),
  ).toBeChecked();
  await expectAt(page, 'background.color', '#C5C6FF');
  expect(getAt(await previewJson(page), 'background.remove')).toBe('item');

  await page.getByRole('button', { name: 'Undo' }).click();
  await switchDialect(page, 'Deep-Image');
  await expect.poll(() => preview(page).textContent()).toBe(before);
});

test('the shortcuts sheet opens with ? and lists every shortcut', async ({ page }) => {
  await openFresh(page);
  await page.locator('body').click({ position: { x: 700, y: 20 } });
  await page.keyboard.press('Shift+?');
  const sheet = page.getByTestId('shortcuts-sheet');
  await expect(sheet).toBeVisible();
  for (const text of [
    'Undo',
    'Redo',
    'Run the request',
    'Cancel the running job',
    'compare slider',
    'Zoom',
    'Fit',
    '100 %',
    'Cycle',
  ]) {
    await expect(sheet).toContainText(text);
  }
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
});
