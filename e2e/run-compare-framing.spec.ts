/**
 * Before/after line up when the request reframed the photo: the photo is laid where the framing put it;
 * where only the run knew where that was, the two are shown side by side with the reason.
 */
import { expect, test } from './fixtures/test.ts';
import { setRequest } from './editor-helpers.ts';
import { openApp, resetFake, samplePath, screenshot } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });
test.afterEach(() => resetFake('claid'));

test('a centre crop to 1000 × 600 is compared against the same region of the photo', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
  await setRequest(page, 'Claid', {
    operations: { resizing: { width: 1000, height: 600, fit: 'crop' } },
    output: { format: 'png' },
  });
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('compare')).toHaveAttribute('data-mode', 'slider');
  const after = (await page.getByRole('img', { name: 'After' }).boundingBox())!;
  const before = (await page.getByRole('img', { name: 'Before' }).boundingBox())!;
  // The 1400 px square photo scaled to 1000 × 1000 and cut to its middle 600 rows: it reaches 200 result
  // pixels above and below the 1000 × 600 result, and is exactly as wide.
  const px = after.width / 1000;
  expect(Math.abs(before.x - after.x)).toBeLessThan(2);
  expect(Math.abs(before.width - after.width)).toBeLessThan(2);
  expect(Math.abs(before.y - (after.y - 200 * px))).toBeLessThan(2);
  expect(Math.abs(before.height - 1000 * px)).toBeLessThan(2);
  await page.getByTestId('compare-slider').press('Home');
  await screenshot(page, 'compare-crop-aligned');
});

test('a result cropped to the object is shown side by side, saying why', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  await setRequest(page, 'Claid', {
    operations: { background: { remove: { category: 'products', clipping: true } } },
    output: { format: 'png' },
  });
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('compare-apart')).toContainText(
    'Shown side by side: the result was cropped to the object',
  );
  await expect(page.getByTestId('compare')).toHaveAttribute('data-mode', 'side');
  await expect(page.getByRole('radiogroup', { name: 'Compare view' })).toHaveCount(0);
  await screenshot(page, 'compare-apart');
});
