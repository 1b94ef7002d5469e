/**
 * Options the local engine cannot honour are marked at their controls before any run, while the local
 * engine is the chosen executor, and the run's warning says the same from the same table.
 */
import { expect, test } from './fixtures/test.ts';
import type { Page } from '@playwright/test';
import { control, openFresh, panelOn, pickRadio, screenshot, switchDialect } from './editor-helpers.ts';
import { samplePath } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const R = 'operations.background.remove';
const choice = (page: Page, path: string, label: string) =>
  control(page, path).getByRole('radio', { name: label, exact: true });
const runOn = (page: Page, executor: 'Local' | 'Claid' | 'Deep-Image') =>
  page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: executor }).check();

test('choices the local engine only approximates are marked at the control, and only for it', async ({
  page,
}) => {
  await openFresh(page);
  await expect(page.getByTestId('local-legend')).toBeVisible();
  for (const label of ['General', 'Products', 'Cars']) {
    await expect(choice(page, `${R}.category`, label)).toHaveAttribute(
      'aria-description',
      'Same as Automatic on the local engine',
    );
  }
  await expect(choice(page, R, 'By category')).toHaveAttribute(
    'aria-description',
    'Same as Automatic on the local engine',
  );
  await expect(choice(page, R, 'Automatic')).not.toHaveAttribute('aria-description', /.+/);
  await expect(choice(page, R, 'Selective')).toHaveAttribute(
    'aria-description',
    'Keeps the most prominent object on the local engine',
  );
  // The chosen one says what happens instead, under the control.
  await expect(page.locator('[data-local-approximation="claid-category"]')).toContainText(
    'one salient-object model whatever the category',
  );
  await pickRadio(page, R, 'Selective');
  await control(page, `${R}.selective.object_to_keep`).fill('glass of beer');
  await expect(page.locator('[data-local-approximation="claid-selective"]')).toContainText(
    'not the one you name',
  );
  // A native list cannot mark an option, so the marked ones are named under it.
  await panelOn(page, 'framing');
  await expect(page.getByTestId('local-hint')).toHaveText('≈ Outpaint: Same as Canvas on the local engine.');
  await screenshot(page, 'local-marks-claid');

  // With a provider chosen nothing is marked: the provider does what the docs say.
  await runOn(page, 'Claid');
  await expect(page.getByTestId('local-legend')).toHaveCount(0);
  await expect(page.locator('[data-local-approximation]')).toHaveCount(0);
  await expect(choice(page, R, 'Selective')).not.toHaveAttribute('aria-description', /.+/);

  await runOn(page, 'Local');
  await switchDialect(page, 'Deep-Image');
  const D = 'background.remove';
  for (const label of ['V2', 'Human', 'Item']) {
    await expect(choice(page, D, label)).toHaveAttribute(
      'aria-description',
      'Same as auto on the local engine',
    );
  }
  await expect(choice(page, D, 'Auto')).not.toHaveAttribute('aria-description', /.+/);
  await expect(choice(page, D, 'Generative')).toHaveAttribute(
    'aria-description',
    'Prompt not used on the local engine',
  );
  await panelOn(page, 'generate');
  await expect(page.locator('[data-local-approximation="generate-description"]')).toContainText(
    'plain studio backdrop',
  );
  await screenshot(page, 'local-marks-deep-image');
});

test('the run warns about the same approximation the control marked', async ({ page }) => {
  test.setTimeout(180_000);
  await openFresh(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('white-bottle.jpg'));
  await pickRadio(page, R, 'Selective');
  await control(page, `${R}.selective.object_to_keep`).fill('glass of beer');
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('inspector-warnings')).toContainText(
    'Selective ("glass of beer") is approximated',
  );
});
