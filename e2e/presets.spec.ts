/**
 * The Preset menu and the inspector's checklist in real Chromium against the real server: picking
 * Amazon main sets the panels of both dialects, an edit marks it modified, own presets are saved,
 * exported and imported; a local run of the preset passes its checklist, and a grey background fails
 * the white rule with its fix. Screenshots at 1440 and 390 px, light and dark; axe finds nothing serious.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, samplePath, screenshot, SCREENS } from './fixtures/helpers.ts';
import { previewJson, switchDialect } from './editor-helpers.ts';

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

async function setColour(page: Page, hex: string) {
  await page.locator('[data-path="operations.background.color"] [data-part="hex"]').fill(hex);
}

const screenPath = (name: string) => join(SCREENS, `${name}.png`);

/** The select shows the preset's whole name: the Modified pill is not on its row, and the text fits. */
async function expectWholeName(page: Page) {
  const select = page.getByTestId('preset-select');
  const pill = await page.getByTestId('preset-modified').boundingBox();
  const box = await select.boundingBox();
  expect(pill!.y + pill!.height).toBeLessThanOrEqual(box!.y);
  const fits = await select.evaluate((el: HTMLSelectElement) => {
    const style = getComputedStyle(el);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = context.measureText(el.selectedOptions[0]!.text).width;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20; // arrow
    return text <= room;
  });
  expect(fits).toBe(true);
}

async function pickPreset(page: Page, label: string) {
  await page.getByTestId('preset-select').selectOption({ label });
}

test.describe('preset menu', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('picking Amazon main sets the request; an edit marks it modified; save, export, import', async ({
    page,
  }) => {
    await openApp(page);
    await switchDialect(page, 'Claid');
    // Finishing on beforehand: a preset is the whole recipe, and Amazon main has no shadow.
    const finishing = page.getByTestId('finishing-panel').locator('[data-path="finish"]');
    await finishing.click();
    await expect(finishing).toBeChecked();
    await pickPreset(page, 'Amazon main image');
    await expect(finishing).not.toBeChecked();
    await expect(page.getByTestId('preset-menu')).toContainText('4% padding');
    const claid = await previewJson(page);
    expect(claid).toMatchObject({
      operations: {
        background: { remove: { category: 'products', clipping: true }, color: '#FFFFFF' },
        resizing: { width: 2000, height: 2000, fit: 'canvas' },
        padding: '4%',
      },
    });
    await expect(page.getByTestId('preset-modified')).toHaveCount(0);
    // The finishing is part of the preset: a shadow added afterwards marks it modified like a panel change.
    await finishing.click();
    await expect(finishing).toBeChecked();
    await expect(page.getByTestId('preset-modified')).toBeVisible();
    await finishing.click();
    await expect(page.getByTestId('preset-modified')).toHaveCount(0);
    await setColour(page, '#FAFAFA');
    await expect(page.getByTestId('preset-modified')).toBeVisible();
    await expectWholeName(page);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.getByTestId('preset-menu').scrollIntoViewIfNeeded();
        await expectWholeName(page);
        await page
          .getByTestId('preset-menu')
          .screenshot({ path: screenPath(`presets-modified-${width}-${scheme}`), animations: 'disabled' });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByTestId('preset-save').click();
    await page.getByLabel('Name').fill('Amazon, off-white');
    await page.getByTestId('preset-save-confirm').click();
    await expect(page.getByTestId('preset-select')).toHaveValue('u:Amazon, off-white');
    await expect(page.getByTestId('preset-modified')).toHaveCount(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('preset-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe('backdrop-presets.json');
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      presets: { name: string; rulesFrom?: string }[];
    };
    expect(file.presets).toMatchObject([{ name: 'Amazon, off-white', rulesFrom: 'amazon-main' }]);

    // Import a renamed copy; a broken file is refused with the preset and field named.
    const copy = join(tmpdir(), `presets-${Date.now()}.json`);
    file.presets[0]!.name = 'Imported copy';
    writeFileSync(copy, JSON.stringify(file));
    await page.getByTestId('preset-import-file').setInputFiles(copy);
    await expect(
      page.getByTestId('preset-select').locator('option', { hasText: 'Imported copy' }),
    ).toHaveCount(1);
    const broken = join(tmpdir(), `broken-${Date.now()}.json`);
    writeFileSync(
      broken,
      JSON.stringify({ name: 'X', dialect: 'claid', request: { operations: { resizing: { width: -5 } } } }),
    );
    await page.getByTestId('preset-import-file').setInputFiles(broken);
    await expect(
      page.getByRole('status').or(page.getByRole('alert')).filter({ hasText: 'Preset "X"' }),
    ).toBeVisible();

    await page.reload();
    await expect(page.getByTestId('preset-select')).toHaveValue('u:Amazon, off-white');
  });
});

test.describe('checklist', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('a local run of Amazon main passes; a grey background fails with its fix', async ({ page }) => {
    test.setTimeout(240_000);
    await openApp(page);
    await switchDialect(page, 'Claid');
    await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
    await pickPreset(page, 'Amazon main image');
    await page.getByRole('radio', { name: 'Local' }).check();
    await page.getByRole('button', { name: /Run on local engine/ }).click();
    await expect(page.getByTestId('download')).toBeVisible({ timeout: 150_000 });
    await expect(page.getByTestId('checklist-verdict')).toContainText('Meets every Amazon main image rule');
    await expect(page.locator('[data-rule="fill-ratio"]')).toHaveAttribute('data-status', 'pass');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page), scheme).toEqual([]);
      await screenshot(page, `presets-pass-1440-${scheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });

    await setColour(page, '#D9D9D9');
    await expect(page.getByTestId('preset-modified')).toBeVisible();
    await page.getByRole('button', { name: /Run on local engine/ }).click();
    await expect(page.getByTestId('checklist-verdict')).toContainText('1 rule fails', { timeout: 150_000 });
    const white = page.locator('[data-rule="white-background"]');
    await expect(white).toHaveAttribute('data-status', 'fail');
    await expect(white).toContainText(
      'The background is RGB 217,217,217, not white: set the background colour to #FFFFFF.',
    );
    await screenshot(page, 'presets-fail-1440-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'presets-fail-1440-dark');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId('preset-menu').scrollIntoViewIfNeeded();
      await screenshot(page, `presets-menu-390-${scheme}`);
      await page.getByTestId('inspector-checklist').scrollIntoViewIfNeeded();
      await screenshot(page, `presets-checklist-390-${scheme}`);
    }
  });
});
