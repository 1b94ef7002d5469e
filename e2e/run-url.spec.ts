/**
 * A photo given by URL: previewed from its address before any run where the browser can load it, a long
 * address never pushes the header's actions off screen, and a failed fetch is said in plain words with
 * the code kept in a details line.
 */
import { expect, test } from './fixtures/test.ts';
import type { Page } from '@playwright/test';
import { openApp, screenshot } from './fixtures/helpers.ts';

async function useUrl(page: Page, url: string) {
  await page.getByLabel('Image URL').fill(url);
  await page.getByRole('button', { name: 'Use URL' }).click();
}

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const width of [1440, 390]) {
  test(`a long URL at ${width} px: a preview, and the header's actions stay on screen`, async ({
    page,
    baseURL,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await openApp(page);
    const long = `${baseURL}/samples/mug.jpg?utm_source=${'newsletter-campaign-'.repeat(12)}&v=2`;
    await useUrl(page, long);
    await expect(page.getByTestId('url-photo')).toHaveAttribute('data-preview', 'ok');
    await expect(page.getByRole('img', { name: 'Photo' })).toBeVisible();
    for (const name of ['Replace photo…', 'Close']) {
      await expect(page.getByTestId('photo-info').getByRole('button', { name })).toBeInViewport({ ratio: 1 });
    }
    await expectNoSidewaysScroll(page);
    await screenshot(page, `url-long-${width}`);
  });
}

test('an address the browser cannot load says so, and that the server still fetches it', async ({ page }) => {
  await openApp(page);
  await useUrl(page, 'http://127.0.0.1:9/not-here.jpg');
  const stage = page.getByTestId('url-photo');
  await expect(stage).toHaveAttribute('data-preview', 'failed');
  await expect(stage).toContainText('This browser cannot show a preview of that address');
  await expect(stage).toContainText('The server fetches');
});

test('a host that does not resolve is said in words; the code stays in the details line', async ({
  page,
}) => {
  await openApp(page);
  await useUrl(page, 'https://no-such-host.invalid/bottle.jpg');
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  const error = page.getByTestId('run-error');
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error.locator('.run-error-message')).toHaveText(
    'Backdrop could not download the photo at that address.',
  );
  await expect(error.locator('.run-error-hint')).toContainText('drop the file here instead');
  const details = error.locator('details');
  await expect(details).not.toHaveAttribute('open', '');
  await details.locator('summary').click();
  await expect(details).toContainText('url-fetch-failed');
  await expect(details).toContainText('imageUrl');
  await screenshot(page, 'url-error-words');
});
