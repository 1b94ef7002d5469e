import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures/test.ts';
import { expectAxeClean } from './fixtures/axe.ts';
import type { Page } from '@playwright/test';
import { openApp, pngFacts, samplePath, screenshot } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

async function runLocally(page: Page) {
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('perfume.jpg'));
  await expect(page.getByTestId('photo-info')).toContainText('perfume.jpg');
  await page.getByRole('radio', { name: 'Local' }).check();
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('run-progress')).toBeVisible();
  // The download link appears with the full result (the quick preview shows as "After" earlier).
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('img', { name: 'After' })).toBeVisible();
  await expect(page.getByTestId('inspector-executor')).toContainText('Local engine');
  // Which model precision ran: int8 where the CPU has VNNI, else fp32 (BACKDROP_MODEL_PRECISION forces either).
  await expect(page.getByTestId('inspector-model')).toContainText(/isnet-fp16 · (int8|fp32)/);
}

test('run locally, compare with the keyboard, download a PNG with alpha, reload and find it all', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await runLocally(page);
  await expect(page.getByTestId('inspector-output')).toContainText('PNG');
  await screenshot(page, '04-result-slider');

  const slider = page.getByTestId('compare-slider');
  await expect(slider).toHaveAttribute('aria-valuenow', '50');
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveAttribute('aria-valuenow', '47');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '57');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  expect(download.suggestedFilename()).toBe('perfume-cut-out-products-transparent.png');
  const bytes = readFileSync((await download.path())!);
  const png = pngFacts(bytes);
  expect(png.hasAlphaChannel).toBe(true);
  expect([png.width, png.height]).toEqual([1200, 1500]);

  const request = await page.getByTestId('json-preview').textContent();
  await page.reload();
  await expect(page.getByTestId('photo-info')).toContainText('perfume.jpg');
  await expect(page.getByRole('img', { name: 'After' })).toBeVisible();
  await expect(page.getByTestId('result-thumb')).toHaveCount(1);
  expect(await page.getByTestId('json-preview').textContent()).toBe(request);
  await expect(page.getByTestId('inspector-executor')).toContainText('Local engine');
});

test('views: side by side and toggle; axe finds nothing serious in the result state', async ({ page }) => {
  test.setTimeout(180_000);
  await runLocally(page);
  await page.getByRole('radio', { name: 'Side by side' }).check();
  await expect(page.getByTestId('compare')).toHaveAttribute('data-mode', 'side');
  await screenshot(page, '05-result-side');
  await page.keyboard.press('v');
  await expect(page.getByTestId('compare')).toHaveAttribute('data-mode', 'toggle');
  await screenshot(page, '06-result-toggle');
  await page.keyboard.press('v');
  await expect(page.getByTestId('compare')).toHaveAttribute('data-mode', 'slider');

  await expectAxeClean(page, 'result, slider view');
});
