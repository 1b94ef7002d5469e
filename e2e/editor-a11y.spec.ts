/**
 * Accessibility and looks: axe-core finds no serious or critical violation in the editor's main states,
 * in light and dark; the screenshots of those states are saved for a human to look at.
 */
import { expect, test } from './fixtures/test.ts';
import { expectAxeClean } from './fixtures/axe.ts';
import { openAdvanced, openFresh, panelOn, screenshot, switchDialect } from './editor-helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

for (const scheme of ['light', 'dark'] as const) {
  test(`editor states pass axe in ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openFresh(page);
    await page.locator('[data-field="operations.background.remove.category"] .field-info').click();
    await expectAxeClean(page, `claid ${scheme}`);
    await screenshot(page, `editor-claid-${scheme}`);

    await panelOn(page, 'blur');
    await panelOn(page, 'framing');
    await page
      .locator('[data-panel="blur"] [data-path="operations.background.blur"]')
      .getByRole('radio', { name: 'Selective' })
      .check();
    await expectAxeClean(page, `claid with errors ${scheme}`);
    await screenshot(page, `editor-claid-issues-${scheme}`);

    await switchDialect(page, 'Deep-Image');
    await panelOn(page, 'generate');
    await openAdvanced(page, 'generate');
    await panelOn(page, 'framing');
    await expectAxeClean(page, `deep-image ${scheme}`);
    await screenshot(page, `editor-deep-image-${scheme}`);

    await page.getByTestId('json-edit').click();
    await page.getByTestId('json-editor-text').fill('{\n  "background": {\n    "remove": "auto",\n  }\n}');
    await expect(page.getByTestId('json-editor-issues')).toBeVisible();
    await expectAxeClean(page, `json editor ${scheme}`);
    await screenshot(page, `editor-json-error-${scheme}`);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('tab', { name: 'curl' }).click();
    await expect(page.getByTestId('snippet')).toBeVisible();
    await expectAxeClean(page, `snippet ${scheme}`);
    await screenshot(page, `editor-snippet-${scheme}`);

    await page.getByTestId('translate-open').click();
    await expect(page.getByTestId('translate-dialog')).toBeVisible();
    await expectAxeClean(page, `translate ${scheme}`);
    await screenshot(page, `editor-translate-${scheme}`);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(page.getByTestId('shortcuts-sheet')).toBeVisible();
    await expectAxeClean(page, `shortcuts ${scheme}`);
    await screenshot(page, `editor-shortcuts-${scheme}`);
  });
}

test('the editor is usable at 1280 px wide and every control is reachable by keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openFresh(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'editor-1280');
  // Tab from the top reaches the dialect switch, then panel controls, with a visible focus ring.
  await page.keyboard.press('Tab');
  let reachedPanels = false;
  for (let i = 0; i < 25 && !reachedPanels; i++) {
    await page.keyboard.press('Tab');
    reachedPanels = await page.evaluate(() => Boolean(document.activeElement?.closest('.panel-list')));
  }
  expect(reachedPanels).toBe(true);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
});

test('one h1; Tab reaches the backdrop upload as a visible button with a focus ring; no two radio groups share a name', async ({
  page,
}) => {
  await openFresh(page);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('h1')).toBeVisible();

  await panelOn(page, 'blur');
  const groups = await page
    .getByRole('radiogroup')
    .evaluateAll((els) =>
      els.map(
        (el) =>
          el.getAttribute('aria-label') ??
          document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent ??
          '',
      ),
    );
  expect(groups.length).toBeGreaterThan(2);
  expect(groups.filter((name, i) => groups.indexOf(name) !== i)).toEqual([]);

  await switchDialect(page, 'Deep-Image');
  await panelOn(page, 'replace');
  await page.locator('[data-panel="replace"] [data-path="background.replace"]').focus();
  await page.keyboard.press('Tab');
  const upload = page.getByRole('button', { name: 'Upload a backdrop image…' });
  await expect(upload).toBeFocused();
  await expect(upload).toBeVisible();
  const ring = await upload.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(ring).not.toBe('none');
  await expect(page.getByTestId('backdrop-upload')).toBeHidden();
  await screenshot(page, 'a11y-upload-focus');
});
