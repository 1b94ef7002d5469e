/**
 * Variants of one photo can be told apart: each result is labelled with what differs in its request,
 * can be renamed in place, and downloads as the photo's name plus that label.
 */
import { expect, test } from './fixtures/test.ts';
import { setRequest } from './editor-helpers.ts';
import { openApp, resetFake, samplePath, screenshot } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });
test.afterEach(() => resetFake('claid'));

const blur = (type: string) => ({
  operations: { background: { blur: { category: 'general', type, level: 'high' } } },
  output: { format: 'png' },
});

test('two blurs of one photo are labelled by what differs, renamed in place, and downloaded by label', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  const names = page.getByTestId('result-name');
  const download = page.getByTestId('download');

  await setRequest(page, 'Claid', blur('lens'));
  await page.keyboard.press('Control+Enter');
  await expect(names).toHaveText(['Blur · General · Lens · High · PNG'], { timeout: 60_000 });
  await expect(download).toHaveAttribute('download', 'mug-blur-general-lens-high.png');

  await setRequest(page, 'Claid', blur('regular'));
  await page.keyboard.press('Control+Enter');
  await expect(names).toHaveText(['Blur · Regular', 'Blur · Lens'], { timeout: 60_000 });
  await expect(download).toHaveAttribute('download', 'mug-blur-regular.png');
  await expect(page.getByRole('img', { name: 'After' })).toBeVisible();
  await screenshot(page, 'variants-labelled');

  await names.nth(1).click();
  const input = page.getByTestId('result-name-input');
  await expect(input).toBeFocused();
  await input.fill('Hero lens');
  await input.press('Enter');
  await expect(names).toHaveText(['Blur · Regular', 'Hero lens']);
  await page.getByTestId('result-thumb').nth(1).click();
  await expect(download).toHaveAttribute('download', 'mug-Hero lens.png');
  await expect(page.getByTestId('compare').getByText('Hero lens')).toBeVisible();

  // Escape keeps the name; an empty name goes back to the summary.
  await names.nth(1).click();
  await input.fill('typo');
  await input.press('Escape');
  await expect(names.nth(1)).toHaveText('Hero lens');
  await page.reload();
  await expect(names).toHaveText(['Blur · Regular', 'Hero lens']);
  await names.nth(1).click();
  await input.fill('');
  await input.press('Enter');
  await expect(names).toHaveText(['Blur · Regular', 'Blur · Lens']);
  await screenshot(page, 'variants-renamed');
});
