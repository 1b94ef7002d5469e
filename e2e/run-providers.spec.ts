import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures/test.ts';
import type { Page } from '@playwright/test';
import { CANARIES } from './fixtures/env.ts';
import { harness, openApp, resetFake, ROOT, samplePath, screenshot, scriptFake } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/** Everything the browser received in a test, headers and bodies, for the canary scan. */
function recordResponses(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', async (res) => {
    const headers = JSON.stringify(await res.allHeaders());
    let body = '';
    try {
      body = (await res.body()).toString('latin1');
    } catch {
      // redirects and aborted responses have no body
    }
    seen.push(`${res.url()}\n${headers}\n${body}`);
  });
  return seen;
}

function expectNoCanary(texts: string[], where: string) {
  for (const canary of CANARIES) {
    const hits = texts.filter((t) => t.includes(canary)).length;
    expect(hits, `${where} must not contain the key ${canary.slice(0, 6)}…`).toBe(0);
  }
}

async function photoAndDialect(page: Page, dialect: 'Claid' | 'Deep-Image') {
  await openApp(page);
  await page.getByRole('radio', { name: dialect, exact: true }).first().check();
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
  await expect(page.getByTestId('photo-info')).toContainText('mug.jpg');
}

test.afterEach(async () => {
  await resetFake('claid');
  await resetFake('deep-image');
});

test('a run on Claid through the fake provider shows the result and the request id; no key anywhere', async ({
  page,
}) => {
  const responses = recordResponses(page);
  await photoAndDialect(page, 'Claid');
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('img', { name: 'After' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('inspector-executor')).toContainText('Claid');
  await expect(page.getByTestId('inspector-request-id')).toHaveText(/claid-req-\d+/);
  await screenshot(page, '07-claid-result');
  expectNoCanary(responses, 'responses seen by the browser');
});

test('a run on Deep-Image (polled job) shows the result and the job id', async ({ page }) => {
  const responses = recordResponses(page);
  await scriptFake('deep-image', [{ kind: 'async', polls: 2 }]);
  await photoAndDialect(page, 'Deep-Image');
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Deep-Image' }).check();
  await page.getByRole('button', { name: /Run on Deep-Image/ }).click();
  await expect(page.getByRole('img', { name: 'After' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('inspector-executor')).toContainText('Deep-Image');
  await expect(page.getByTestId('inspector-request-id')).not.toBeEmpty();
  expectNoCanary(responses, 'responses seen by the browser');
});

test('a photo given by URL and run on Claid shows up beside the result', async ({ page }) => {
  await openApp(page);
  await page.getByRole('radio', { name: 'Claid', exact: true }).first().check();
  // The BFF serves the samples itself, and its fetch guard allow-lists 127.0.0.1 in this harness.
  await page.getByLabel('Image URL').fill(`${harness().baseURL}/samples/mug.jpg`);
  await page.getByRole('button', { name: 'Use URL' }).click();
  await expect(page.getByTestId('url-photo')).toBeVisible();
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  await page.getByRole('button', { name: /Run on Claid/ }).click();
  await expect(page.getByRole('img', { name: 'After' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('img', { name: 'Before' })).toBeVisible();
  await expect(page.getByTestId('url-photo')).toHaveCount(0);
  await screenshot(page, '15-url-photo-claid');
});

test('a provider error is shown with what to do and the request id; nothing the user set is reset', async ({
  page,
}) => {
  await scriptFake('claid', [
    {
      kind: 'error',
      status: 402,
      body: {
        error_code: 'no_credits',
        error_type: 'billing',
        error_message: 'Not enough credits',
        error_details: {},
      },
    },
  ]);
  await photoAndDialect(page, 'Claid');
  const before = await page.getByTestId('json-preview').textContent();
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  await page.keyboard.press('Control+Enter');
  const error = page.getByTestId('run-error');
  await expect(error).toBeVisible({ timeout: 60_000 });
  await expect(error).toContainText(/credit/i);
  await expect(error).toContainText(/claid-req-\d+/);
  await screenshot(page, '08-provider-error');
  expect(await page.getByTestId('json-preview').textContent()).toBe(before);
  await expect(page.getByTestId('photo-info')).toContainText('mug.jpg');
  await expect(page.getByRole('radio', { name: 'Claid' }).last()).toBeChecked();
});

test('the built bundle and the server log hold no key', async () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(readFileSync(path, 'latin1'));
    }
  };
  walk(join(ROOT, 'dist', 'app'));
  expect(files.length).toBeGreaterThan(0);
  expectNoCanary(files, 'dist/app');
  expectNoCanary([readFileSync(harness().serverLog, 'utf8')], 'the server log');
});

test('two results picked in the strip are compared side by side with their requests diffed', async ({
  page,
}) => {
  await photoAndDialect(page, 'Claid');
  const runOn = page.getByRole('group', { name: 'Run on' });
  await runOn.getByRole('radio', { name: 'Claid' }).check();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 60_000 });
  // Second recipe: the same photo as WebP.
  await page.getByRole('radio', { name: 'WebP' }).check();
  await expect(page.getByTestId('json-preview')).toContainText('"webp"');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('result-thumb')).toHaveCount(2, { timeout: 60_000 });
  await page.getByTestId('compare-pick-0').check();
  await page.getByTestId('compare-pick-1').check();
  const diff = page.getByTestId('request-diff');
  await expect(diff).toBeVisible();
  await expect(diff).toContainText('2 lines differ');
  await expect(diff.locator('.stage-diff-removed')).toContainText('"png"');
  await expect(diff.locator('.stage-diff-added')).toContainText('"webp"');
  await expect(page.getByRole('img', { name: 'A' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'B' })).toBeVisible();
  await page.getByRole('radio', { name: 'Side by side' }).check();
  await screenshot(page, '12-compare-two-results');
});

test('dark theme: the result state in the system dark scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await photoAndDialect(page, 'Claid');
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Show transparency over black' }).click();
  await screenshot(page, '13-dark-result');
});

test('zoom with keys, buttons and the wheel; drag the divider with the mouse', async ({ page }) => {
  await photoAndDialect(page, 'Claid');
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 60_000 });
  const zoom = page.getByRole('group', { name: 'Zoom' }).locator('output');
  const fitted = await zoom.textContent();
  await page.locator('body').click({ position: { x: 5, y: 880 } });
  await page.keyboard.press('1');
  await expect(zoom).toHaveText('100%');
  await page.keyboard.press('+');
  await expect(zoom).toHaveText('125%');
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await expect(zoom).toHaveText('100%');
  await page.keyboard.press('0');
  await expect(zoom).toHaveText(fitted!);
  await page.getByTestId('compare-pane').dblclick({ position: { x: 60, y: 200 } });
  await expect(zoom).toHaveText('100%');
  await page.getByTestId('compare-pane').dblclick({ position: { x: 60, y: 200 } });
  await expect(zoom).toHaveText(fitted!);

  const pane = page.getByTestId('compare-pane');
  const box = (await pane.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await expect(zoom).not.toHaveText(fitted!);

  const slider = page.getByTestId('compare-slider');
  const handle = (await slider.boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(slider).toHaveAttribute('aria-valuenow', '25');
  await screenshot(page, '15-zoomed-dragged');
});

test('an executor that does not run the current dialect says so and offers to switch', async ({ page }) => {
  await photoAndDialect(page, 'Deep-Image');
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  await expect(page.getByText('Claid runs Claid requests; this one is Deep-Image.')).toBeVisible();
  await expect(page.getByRole('button', { name: /Run on Claid/ })).toBeDisabled();
  await screenshot(page, '16-dialect-mismatch');
  await page.getByRole('button', { name: 'Switch to the Claid request' }).click();
  await expect(page.getByTestId('json-preview')).toContainText('"operations"');
  await expect(page.getByRole('button', { name: /Run on Claid/ })).toBeEnabled();
});
