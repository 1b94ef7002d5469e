/**
 * The README's screens, from local engine runs of the sample product photos (real segmentation, no fake
 * provider): the editor at 1440 px and on a 390 px phone, two labelled blur variants, and two results
 * compared with their requests diffed — each in light and dark, into test-results/screens/readme-*.png.
 * docs/screens/ holds copies (`<name>.png` light, `<name>-dark.png` dark).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import { setRequest } from './editor-helpers.ts';
import { openApp, samplePath, screenshot } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const WHITE = {
  operations: { background: { remove: { category: 'products' }, color: '#FFFFFF' } },
  output: { format: 'png' },
};

/** Runs the panels' request on the local engine and waits until the result is shown. */
async function runLocally(page: Page, results: number) {
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('result-thumb')).toHaveCount(results, { timeout: 150_000 });
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 150_000 });
  await settled(page);
}

/** Every image on the page decoded, so no shot catches an empty frame. */
async function settled(page: Page) {
  await expect
    .poll(() => page.evaluate(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0)))
    .toBe(true);
}

async function shoot(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // The page and each column from their tops (a click on a panel below scrolled its column).
    await page.evaluate(() => {
      for (const el of [document.documentElement, ...document.querySelectorAll('*')]) el.scrollTop = 0;
    });
    await screenshot(page, `readme-${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the editor: a sneaker cut out on white with a contact shadow, at 1440 px and on a phone', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('sneaker.jpg'));
  await setRequest(page, 'Claid', WHITE);
  const finishing = page.getByTestId('finishing-panel').locator('[data-path="finish"]');
  await finishing.click();
  await expect(finishing).toBeChecked();
  await runLocally(page, 1);
  await expect(page.getByTestId('result-name')).toHaveText(['Cut out · Products · Colour · PNG']);
  await expect(page.getByTestId('inspector-finishing')).toContainText('Contact shadow');
  await shoot(page, 'editor');
  await page.setViewportSize({ width: 390, height: 844 });
  await settled(page);
  await shoot(page, 'phone');
});

test('variants: two blurs of a wine glass before bokeh, labelled by what differs', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('wine-glass.jpg'));
  const blur = (type: string) => ({
    operations: { background: { blur: { category: 'products', type, level: 'high' } } },
    output: { format: 'png' },
  });
  await setRequest(page, 'Claid', blur('lens'));
  await runLocally(page, 1);
  await setRequest(page, 'Claid', blur('regular'));
  await runLocally(page, 2);
  await expect(page.getByTestId('result-name')).toHaveText(['Blur · Regular', 'Blur · Lens']);
  await shoot(page, 'variants');
});

test('compare: the same cut-out on white and on a warm grey, side by side, one line of request apart', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('headphones.jpg'));
  await setRequest(page, 'Claid', WHITE);
  await runLocally(page, 1);
  await setRequest(page, 'Claid', {
    ...WHITE,
    operations: { background: { ...WHITE.operations.background, color: '#E8E2D9' } },
  });
  await runLocally(page, 2);
  await page.getByTestId('compare-pick-0').check();
  await page.getByTestId('compare-pick-1').check();
  const diff = page.getByTestId('request-diff');
  await expect(diff).toContainText('2 lines differ');
  await page.getByRole('radio', { name: 'Side by side' }).check();
  await settled(page);
  await shoot(page, 'compare');
});
