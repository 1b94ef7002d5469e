/**
 * The JSON side: every seed example from the docs pasted into the editor sets the panels and prints back
 * equal; bad JSON is pointed at by line; unknown keys are kept and flagged; legacy forms are offered their
 * modern equivalent; a click on a key focuses its control; snippets never carry a key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures/test.ts';
import type { Page } from '@playwright/test';
import { getAt, optionDoc, parse, print } from '../src/recipe/index.ts';
import type { Dialect, Json, JsonObject } from '../src/recipe/index.ts';
import { control, openFresh, preview, previewJson } from './editor-helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

interface Seed {
  dialect: Dialect;
  source: string;
  index: number;
  text: string;
}
const SEEDS = JSON.parse(
  readFileSync(join(import.meta.dirname, '../src/recipe/fixtures/seed-examples.json'), 'utf8'),
) as Seed[];

async function pasteIntoEditor(page: Page, text: string) {
  await page.getByTestId('json-edit').click();
  const area = page.getByTestId('json-editor-text');
  await area.fill(text);
}

/** Options whose object value one control edits as a whole. */
const WHOLE = ['fit', 'operations.resizing.fit'];
const FIT_LABELS: Record<string, string> = {
  '"canvas"': 'Canvas',
  '"crop"': 'Crop',
  '"bounds"': 'Bounds',
  '"cover"': 'Cover',
  '{"crop":"item"}': 'Crop to item',
  '{"crop":"content"}': 'Crop to content',
  '{"crop":"center"}': 'Crop to center',
};

function leaves(value: Json, path = ''): [string, Json][] {
  if (!WHOLE.includes(path) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

/** The control for a leaf shows its value: text in inputs, the checked choice, the switch state. */
async function expectControlShows(page: Page, dialect: Dialect, path: string, value: Json) {
  if (
    path.endsWith('object_to_keep') ||
    path.startsWith('url') ||
    path.endsWith('replace') ||
    path.endsWith('description')
  ) {
    return expect(control(page, path)).toHaveValue(String(value));
  }
  if (path.endsWith('clipping')) return expect(control(page, path)).toBeChecked({ checked: value === true });
  if (path === 'operations.background.remove' || path === 'operations.background.blur') {
    return expect(control(page, path).getByRole('radio', { name: 'Automatic' })).toBeChecked();
  }
  if (WHOLE.includes(path)) {
    const label = FIT_LABELS[JSON.stringify(value)];
    return expect(control(page, path).locator('option:checked')).toHaveText(label ?? 'unknown fit');
  }
  if (path.endsWith('.color') && typeof value === 'string' && !value.startsWith('#')) {
    const word = value[0]!.toUpperCase() + value.slice(1);
    return expect(control(page, path).getByRole('radio', { name: word })).toBeChecked();
  }
  if (path.endsWith('.color') && typeof value === 'string') {
    return expect(control(page, path).locator('[data-part="hex"]')).toHaveValue(value);
  }
  if (path.endsWith('generate.color') || Array.isArray(value)) {
    const rgb = value as number[];
    for (const [i, part] of ['r', 'g', 'b'].entries()) {
      await expect(control(page, path).locator(`[data-part="${part}"]`)).toHaveValue(String(rgb[i]));
    }
    return;
  }
  if (path.endsWith('item_area_percentage')) {
    return expect(control(page, path).locator('[data-part="number"]')).toHaveValue(String(value));
  }
  if (path.endsWith('sample_num')) return expect(control(page, path)).toHaveValue(String(value));
  if (['width', 'height', 'padding'].includes(path)) {
    return expect(control(page, path).locator('[data-part="amount"]')).toHaveValue(String(value));
  }
  const doc = optionDoc(dialect, path);
  const label = doc?.values?.find((v) => JSON.stringify(v.value) === JSON.stringify(value))?.label;
  if (!label) throw new Error(`No check for ${path}`);
  return expect(control(page, path).getByRole('radio', { name: label, exact: true })).toBeChecked();
}

for (const seed of SEEDS) {
  test(`seed ${seed.dialect} #${seed.index} sets the panels and prints back equal`, async ({ page }) => {
    await openFresh(page);
    const parsed = parse(seed.text, seed.dialect);
    const request = parsed.request as JsonObject;
    await pasteIntoEditor(page, seed.text);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(page.getByTestId('json-editor')).toHaveCount(0);
    await expect(
      page.getByRole('radiogroup', { name: 'Dialect' }).getByRole('radio', { checked: true }),
    ).toHaveValue(seed.dialect);
    await expect.poll(() => preview(page).textContent()).toBe(print(request, seed.dialect));

    if (parsed.legacy) {
      // Kept as written (the provider still accepts it); the modern form is one click away.
      await pasteIntoEditor(page, seed.text);
      await expect(page.getByTestId('json-legacy')).toContainText('background');
      await page.getByRole('button', { name: 'Use the modern form' }).click();
      await expect.poll(() => preview(page).textContent()).toBe(print(parsed.legacy!.modern, seed.dialect));
      for (const [path, value] of leaves(parsed.legacy.modern))
        await expectControlShows(page, seed.dialect, path, value);
      return;
    }
    for (const [path, value] of leaves(request)) await expectControlShows(page, seed.dialect, path, value);
  });
}

test('bad JSON is pointed at by line, and nothing is applied', async ({ page }) => {
  await openFresh(page);
  const before = await preview(page).textContent();
  await pasteIntoEditor(
    page,
    '{\n  "operations": {\n    "background": {\n      "remove": true,\n    }\n  }\n}',
  );
  const issues = page.getByTestId('json-editor-issues');
  await expect(issues).toContainText('Line 4');
  await expect(issues).toContainText('trailing comma');
  await expect(page.locator('.json-editor-gutter [data-line="4"]')).toHaveClass(/json-line-error/);
  await expect(page.locator('.json-editor-mark-error')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Apply', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(await preview(page).textContent()).toBe(before);
});

test('invalid values are shown by line, and can be applied to fix them in the panels', async ({ page }) => {
  await openFresh(page);
  await pasteIntoEditor(
    page,
    '{\n  "operations": {\n    "background": {\n      "remove": { "category": "shoes" }\n    }\n  }\n}',
  );
  await expect(page.getByTestId('json-editor-issues')).toContainText('Line 4');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByText(/Run stays blocked/)).toBeVisible();
  await page.getByRole('button', { name: 'Apply anyway' }).click();
  await expect(
    page.locator('[data-field="operations.background.remove.category"] .field-issue-error'),
  ).toContainText('shoes');
});

test('unknown keys are kept, flagged in the preview, and survive edits', async ({ page }) => {
  await openFresh(page);
  await pasteIntoEditor(
    page,
    '{"operations": {"background": {"remove": true, "colour": "#FF0000"}}, "webhook": "x"}',
  );
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(preview(page).locator('.json-unknown')).toHaveCount(2);
  await expect(page.getByTestId('request-issues')).toContainText('"colour" is not an option');
  await control(page, 'operations.background.remove').getByRole('radio', { name: 'By category' }).check();
  const json = await previewJson(page);
  expect(getAt(json, 'operations.background.colour')).toBe('#FF0000');
  expect(json.webhook).toBe('x');
});

test('a click on a key in the preview focuses its control', async ({ page }) => {
  await openFresh(page);
  await preview(page).locator('[data-jpath="output.format"]').first().click();
  await expect(control(page, 'output.format').getByRole('radio', { name: 'PNG' })).toBeFocused();
  await preview(page).locator('.json-key[data-jpath="operations.background.remove.category"]').click();
  await expect(
    control(page, 'operations.background.remove.category').getByRole('radio', { name: 'Products' }),
  ).toBeFocused();
});

test('snippets for the BFF and the provider carry the request and a key placeholder only', async ({
  page,
}) => {
  await openFresh(page);
  await page.getByRole('tab', { name: 'curl' }).click();
  const code = page.getByTestId('snippet');
  await expect(code).toContainText('/api/jobs');
  await page.getByRole('radio', { name: 'Provider direct' }).check();
  await expect(code).toContainText('api.claid.ai');
  await expect(code).toContainText('CLAID_API_KEY');
  await expect(code).not.toContainText('canary');
  await page.getByRole('tab', { name: 'Python' }).click();
  await expect(code).toContainText('import');
  await page.getByRole('tab', { name: 'fetch' }).click();
  await expect(code).toContainText('fetch(');
});

test('request JSON pasted anywhere opens the editor with it; Apply sets the panels', async ({ page }) => {
  await openFresh(page);
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData(
      'text/plain',
      '{"background": {"remove": "item", "color": "#00FF00"}, "output_format": "webp"}',
    );
    document.body.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  });
  await expect(page.getByTestId('json-editor-text')).toHaveValue(/"remove": "item"/);
  await expect(page.getByText('This is a Deep-Image request: Apply switches to it.')).toBeVisible();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(
    page.getByRole('radiogroup', { name: 'Dialect' }).getByRole('radio', { name: 'Deep-Image' }),
  ).toBeChecked();
  await expect(control(page, 'background.remove').getByRole('radio', { name: 'Item' })).toBeChecked();
  await expect(control(page, 'background.color').locator('[data-part="hex"]')).toHaveValue('#00FF00');
  await expect(control(page, 'output_format').getByRole('radio', { name: 'WebP' })).toBeChecked();
});
