import { expect, test } from './fixtures/test.ts';
import { openApp, samplePath, screenshot, unseenSample } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('a job running at reload is picked up again and finishes', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await openApp(page);
  // Still running at the reload: a cached mask would have finished it already.
  await page.getByTestId('photo-file-input').setInputFiles(await unseenSample('sneaker.jpg', testInfo));
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('run-progress')).toBeVisible();
  await screenshot(page, '09-running');
  await page.reload();
  await expect(page.getByTestId('photo-info')).toContainText('sneaker.jpg');
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('result-thumb')).toHaveCount(1);
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
});

test('Esc cancels a running job; the photo and the request stay', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  // A cached mask would finish the job before Esc, and DELETE on a done job deletes it instead of cancelling.
  const fresh = await unseenSample('headphones.jpg', testInfo);
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(fresh);
  await expect(page.getByTestId('photo-info')).toContainText('headphones.jpg');
  const request = await page.getByTestId('json-preview').textContent();
  const created = page.waitForResponse(
    (r) => r.url().endsWith('/api/jobs') && r.request().method() === 'POST',
  );
  await page.keyboard.press('Control+Enter');
  const { id } = (await (await created).json()) as { id: string };
  await expect(page.getByTestId('run-progress')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  // Cancelled on the server too, not just forgotten by the page.
  // Polled: late in a full run the page's own polling can spend the per-minute API budget (a 429 has no status).
  await expect
    .poll(
      async () => ((await (await page.request.get(`/api/jobs/${id}`)).json()) as { status?: string }).status,
      { timeout: 75_000 },
    )
    .toBe('cancelled');
  await expect(page.getByRole('button', { name: /Run on local engine/ })).toBeEnabled();
  await expect(page.getByTestId('result-thumb')).toHaveCount(0);
  await expect(page.getByTestId('photo-info')).toContainText('headphones.jpg');
  expect(await page.getByTestId('json-preview').textContent()).toBe(request);
});

test('a URL photo is fetched by the server; the result shows, with the photo or why it cannot', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await openApp(page);
  await page.getByLabel('Image URL').fill(`${baseURL}/samples/white-bottle.jpg`);
  await page.getByRole('button', { name: 'Use URL' }).click();
  await expect(page.getByTestId('url-photo')).toBeVisible();
  await expect(page.getByTestId('photo-info')).toContainText('white-bottle.jpg');
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('img', { name: 'After' })).toBeVisible();
  // With the input kept by the server the photo comes back as "Before"; without, the stage says why not.
  await expect(
    page.getByRole('img', { name: 'Before' }).or(page.getByRole('note').filter({ hasText: 'does not keep' })),
  ).toBeVisible();
  await expect(page.getByTestId('inspector-output')).toContainText('1200 × 1500');
});

test('a server error (URL that 404s) is shown with what to do, and Run stays available', async ({
  page,
  baseURL,
}) => {
  await openApp(page);
  await page.getByLabel('Image URL').fill(`${baseURL}/samples/no-such-photo.jpg`);
  await page.getByRole('button', { name: 'Use URL' }).click();
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  const error = page.getByTestId('run-error');
  await expect(error).toBeVisible({ timeout: 30_000 });
  // The server's SPA answers that path with HTML, which its sniffing refuses: a real server-side error.
  await expect(error).toContainText(/not a recognised image|404|not found|could not/i);
  await expect(error).toContainText('imageUrl');
  await screenshot(page, '10-server-error');
  await expect(page.getByRole('button', { name: /Run on local engine/ })).toBeEnabled();
});

test('Run (button and shortcut) is blocked with the reason while the request has errors', async ({
  page,
}) => {
  // A Claid request with both category and selective: the request model reports an error.
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    const claid = {
      operations: {
        background: { remove: { category: 'products', selective: { object_to_keep: 'bottle' } } },
      },
      output: { format: 'png' },
    };
    const state = { dialect: 'claid', requests: { claid, 'deep-image': { background: { remove: 'auto' } } } };
    localStorage.setItem('backdrop.editor.v1', JSON.stringify({ state, version: 1 }));
  });
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
  const run = page.getByRole('button', { name: /Run on local engine/ });
  await expect(run).toBeDisabled();
  await expect(page.getByTestId('run-blocked')).toContainText('operations.background.remove');
  await screenshot(page, '11-run-blocked');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  // "Show the option" takes the user to the control that is wrong.
  await page.getByTestId('run-blocked').getByRole('button', { name: 'Show the option' }).click();
  await expect(page.locator('[data-panel="remove"] :focus')).toHaveCount(1);
});
