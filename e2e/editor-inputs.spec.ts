/**
 * Inputs never fail silently: colours as designers type them (names, three digits) or a sentence saying
 * why not; a quality that is not set says so in both halves of its slider; a misspelt key gets a "did you
 * mean" and a one-click rename; pasted JSON opens laid out; long snippet lines wrap, or scroll on request.
 */
import { expect, test } from './fixtures/test.ts';
import type { Page } from '@playwright/test';
import { control, expectAt, openFresh, pickRadio, screenshot } from './editor-helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const C = 'operations.background.color';

async function pasteAnywhere(page: Page, text: string) {
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.body.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

test('a colour typed as a name or three digits is taken; anything else says why and keeps the colour', async ({
  page,
}) => {
  await openFresh(page);
  const hex = control(page, C).locator('[data-part="hex"]');
  await hex.fill('red');
  await hex.press('Enter');
  await expectAt(page, C, '#FF0000');
  await hex.fill('#abc');
  await hex.press('Tab');
  await expectAt(page, C, '#AABBCC');
  await expect(hex).toHaveValue('#AABBCC');

  await hex.fill('#12');
  await hex.press('Tab');
  const problem = page.locator(`[data-field="${C}"] [data-issue="color"]`);
  await expect(problem).toHaveText(
    '“#12” has 2 hex digits; a colour needs 6 (like #1A2B3C) or 3 (like #1AB). Names like red or navy work too. The request keeps #AABBCC.',
  );
  await expect(hex).toHaveValue('#12');
  await expect(hex).toHaveAttribute('aria-invalid', 'true');
  await expectAt(page, C, '#AABBCC');
  await screenshot(page, 'inputs-colour-problem');
  await hex.focus();
  await hex.press('Escape');
  await expect(hex).toHaveValue('#AABBCC');
  await expect(problem).toHaveCount(0);
});

test('a quality that is not set says "auto" in its box and shows a hollow thumb; typing sets both', async ({
  page,
}) => {
  await openFresh(page);
  await pickRadio(page, 'output.format', 'JPEG');
  const quality = control(page, 'output.format.quality');
  const box = quality.locator('[data-part="number"]');
  const range = quality.locator('[data-part="range"]');
  await expect(box).toHaveValue('');
  await expect(box).toHaveAttribute('placeholder', 'auto');
  await expect(range).toHaveAttribute('data-unset', 'true');
  await expect(range).toHaveAttribute('aria-valuetext', 'not set (the provider decides)');
  await box.fill('60');
  await expectAt(page, 'output.format.quality', 60);
  await expect(range).toHaveValue('60');
  await expect(range).not.toHaveAttribute('data-unset', /.*/);
  await range.fill('75');
  await expect(box).toHaveValue('75');
});

test('a misspelt key asks "did you mean", and one click renames it in place', async ({ page }) => {
  await openFresh(page);
  await pasteAnywhere(
    page,
    '{"operations":{"background":{"remove":true,"colour":"#FFFFFF"}},"output":{"format":"png"}}',
  );
  // Pasted on one line, opened laid out like the preview.
  await expect(page.getByTestId('json-editor-text')).toHaveValue(
    [
      '{',
      '  "operations": {',
      '    "background": {',
      '      "remove": true,',
      '      "colour": "#FFFFFF"',
      '    }',
      '  },',
      '  "output": {',
      '    "format": "png"',
      '  }',
      '}',
    ].join('\n'),
  );
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const issues = page.getByTestId('request-issues');
  await expect(issues).toContainText('Did you mean "color"?');
  await screenshot(page, 'inputs-did-you-mean');
  await issues.getByRole('button', { name: 'Rename to “color”' }).click();
  await expectAt(page, C, '#FFFFFF');
  await expectAt(page, 'operations.background.colour', undefined);
  await expect(issues).toHaveCount(0);
});

test('snippets wrap long lines, and scroll them sideways when asked', async ({ page }) => {
  await openFresh(page);
  await page.getByRole('tab', { name: 'curl' }).click();
  const code = page.getByTestId('snippet');
  await expect(code).toContainText('curl');
  const overflows = () => code.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  expect(await overflows()).toBe(false);
  const wrap = page.getByRole('button', { name: 'Wrap lines' });
  await expect(wrap).toHaveAttribute('aria-pressed', 'true');
  await wrap.click();
  await expect(wrap).toHaveAttribute('aria-pressed', 'false');
  expect(await overflows()).toBe(true);
});
