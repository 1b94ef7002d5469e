/**
 * Photos a new user tries (issue 10), in the editor: HEIC is refused before any upload where no executor
 * here can take it, and Run says which executor would; a damaged JPEG is refused with the decoder's words;
 * an animated GIF says in the inspector which frame was used. Screenshots at 1440 and 390, light and dark.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { animation, cutJpeg, gradientJpeg, heicSample } from '../src/engine/testing/hard-inputs.ts';
import { openApp, screenshot, SCREENS } from './fixtures/helpers.ts';

const HEIC_TIP = 'on an iPhone: Settings › Camera › Formats › Most Compatible';

function fixture(name: string, bytes: Buffer): string {
  const path = join(SCREENS, '..', name);
  writeFileSync(path, bytes);
  return path;
}

function watchUploads(page: Page): string[] {
  const uploads: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/jobs') && r.method() === 'POST') uploads.push(r.url());
  });
  return uploads;
}

async function expectAxeClean(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

for (const [width, height] of [
  [1440, 900],
  [390, 844],
] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`HEIC with only the local engine: refused before upload (${width} ${scheme})`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      // This server has provider keys; show the editor a server where only the local engine runs.
      await page.route('**/api/executors', async (route) => {
        const body = await (await route.fetch()).json();
        for (const executor of body.executors) {
          if (executor.id !== 'local') Object.assign(executor, { available: false, reason: 'No key.' });
        }
        body.limits.types = body.limits.types.filter((t: string) => t !== 'image/heic');
        await route.fulfill({ json: body });
      });
      const uploads = watchUploads(page);
      await openApp(page);
      // The refusal depends on the routed executor list: add the photo only once the Run card shows it.
      await expect(page.getByRole('region', { name: 'Run' }).getByText('No key.').first()).toBeVisible();
      await page.getByTestId('photo-file-input').setInputFiles(fixture('IMG_0042.heic', heicSample()));
      const error = page.getByTestId('photo-error');
      await expect(error).toContainText(
        '“IMG_0042.heic” is HEIC, which the local engine cannot decode on this server. Export it as JPEG or PNG',
      );
      await expect(error).toContainText(HEIC_TIP);
      await expect(error).toContainText(
        'or run it on Claid or Deep-Image, which accept HEIC (each needs its API key set on the server).',
      );
      await expect(page.getByTestId('empty-state')).toBeVisible();
      await screenshot(page, `hard-heic-refused-${width}-${scheme}`);
      await expectAxeClean(page);
      expect(uploads).toEqual([]);
    });
  }
}

test('HEIC with Claid available: Run on the local engine says why not, Claid runs it', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const uploads = watchUploads(page);
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(fixture('IMG_0042.heic', heicSample()));
  await expect(page.getByTestId('photo-info')).toContainText('IMG_0042.heic');
  // The primary image's size, not the 64×64 coded tile heif-enc stored beside it.
  await expect(page.getByTestId('photo-info')).toContainText('16 × 12');
  await page.getByRole('region', { name: 'Run' }).getByRole('radio', { name: 'Local' }).check();
  const blocked = page.getByTestId('run-blocked');
  await expect(blocked).toContainText(
    'This photo is HEIC, which the local engine cannot decode on this server.',
  );
  await expect(blocked).toContainText('or run it on Claid or Deep-Image, which accept HEIC.');
  await expect(page.getByRole('button', { name: /Run on local engine/ })).toBeDisabled();
  await screenshot(page, 'hard-heic-run-blocked-1440');
  expect(uploads).toEqual([]);

  await page.getByRole('region', { name: 'Run' }).getByRole('radio', { name: 'Claid' }).check();
  await expect(blocked).toHaveCount(0);
  await page.getByRole('button', { name: /Run on Claid/ }).click();
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('inspector-executor')).toContainText('Claid');
});

test('a JPEG cut short but ending in FF D9 is refused with the decoder’s words', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(fixture('cut.jpg', cutJpeg(await gradientJpeg())));
  await page.getByRole('region', { name: 'Run' }).getByRole('radio', { name: 'Claid' }).check();
  await page.getByRole('button', { name: /Run on Claid/ }).click();
  // The run error's message and its details line both quote the decoder.
  await expect(page.getByText(/premature end of data segment/).first()).toBeVisible();
  await expect(page.getByText(/Export it again from the original/).first()).toBeVisible();
  await screenshot(page, 'hard-damaged-jpeg-1440');
});

test('an animated GIF on the local engine: the inspector says it used frame 1 of 3', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  await page
    .getByTestId('photo-file-input')
    .setInputFiles(fixture('spin.gif', await animation('gif', 3, 240, 160)));
  await page.getByRole('region', { name: 'Run' }).getByRole('radio', { name: 'Local' }).check();
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('inspector-input')).toContainText('animated GIF, 3 frames');
  await expect(page.getByTestId('inspector-warnings')).toContainText(
    'The image is an animated GIF with 3 frames; the local engine edits still images, so it used frame 1 and left out the other 2.',
  );
  await screenshot(page, 'hard-animated-gif-1440');
});
