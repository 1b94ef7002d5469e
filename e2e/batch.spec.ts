/**
 * The catalogue batch in the editor, against the real server and the real model: 12 photos dropped at
 * once (one of them a truncated JPEG), run locally; the broken one is replaced and run again, another
 * is cancelled, the tab is reloaded mid-run and the batch carries on; the ZIP holds every result and
 * both manifests.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { openApp, samplePath, screenshot } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const SAMPLES = [
  'headphones.jpg',
  'mug.jpg',
  'perfume.jpg',
  'sneaker.jpg',
  'white-bottle.jpg',
  'wine-glass.jpg',
];

interface Upload {
  name: string;
  base64: string;
}

/** 11 good photos (the samples, five of them twice under other names) and one cut off half way. */
function catalogue(): Upload[] {
  const files: Upload[] = [];
  for (let i = 0; i < 11; i++) {
    const sample = SAMPLES[i % SAMPLES.length]!;
    const name = i < SAMPLES.length ? sample : sample.replace('.jpg', `-b.jpg`);
    files.push({ name, base64: readFileSync(samplePath(sample)).toString('base64') });
  }
  const whole = readFileSync(samplePath('sneaker.jpg'));
  files.splice(4, 0, { name: 'broken.jpg', base64: whole.subarray(0, whole.length / 2).toString('base64') });
  return files;
}

/** Drops several files at once on the page, the way a desktop drag does. */
async function dropFiles(page: Page, files: Upload[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: 'image/jpeg' }));
    }
    return dt;
  }, files);
  for (const event of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent('[data-testid="drop-anywhere"]', event, { dataTransfer });
  }
}

const tile = (page: Page, name: string) => page.locator(`[data-testid="batch-tile"][data-name="${name}"]`);
const totals = (page: Page) => page.getByTestId('batch-totals');

async function axeSerious(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).analyze();
  return axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('12 photos, one broken: run locally, replace and retry, cancel one, reload mid-run, download the ZIP', async ({
  page,
}) => {
  test.setTimeout(480_000);
  await openApp(page);
  await dropFiles(page, catalogue());
  await expect(page.getByTestId('batch-view')).toBeVisible();
  await expect(page.getByTestId('batch-count')).toHaveText('12 photos ready to run');
  await expect(page.getByTestId('batch-tile')).toHaveCount(12);
  await expect(tile(page, 'mug.jpg').locator('img')).toBeVisible(); // thumbnail made in the browser
  await screenshot(page, 'batch-01-draft');
  expect(await axeSerious(page)).toEqual([]);

  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Local' }).check();
  await page.getByTestId('batch-run').click();

  // The truncated file fails on its own, with the reason; the rest go on.
  const broken = tile(page, 'broken.jpg');
  await expect(broken).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(broken.getByRole('button', { name: /^broken\.jpg: Failed\. .*broken\.jpg.{10,}/ })).toBeVisible();
  // Cancel the last photo before its turn.
  const last = tile(page, 'white-bottle-b.jpg');
  await last.getByRole('button', { name: 'Cancel “white-bottle-b.jpg”' }).click();
  await expect(last).toHaveAttribute('data-status', 'cancelled');
  // Replace the broken photo: it runs again as the same item.
  await broken.getByTestId('batch-replace-input').setInputFiles(samplePath('sneaker.jpg'));
  await expect(broken).not.toHaveAttribute('data-status', 'failed');

  // Reload once a couple are done and more are still open: the batch is back and carries on.
  await expect(page.locator('[data-testid="batch-tile"][data-status="done"]')).toHaveCount(2, {
    timeout: 120_000,
  });
  await screenshot(page, 'batch-02-running');
  await page.reload();
  await expect(page.getByTestId('batch-view')).toBeVisible();
  await expect(page.getByTestId('batch-tile')).toHaveCount(12);
  const open = await page
    .locator(
      '[data-testid="batch-tile"][data-status="queued"], [data-testid="batch-tile"][data-status="running"]',
    )
    .count();
  expect(open).toBeGreaterThan(0);
  await expect(totals(page)).toContainText('Done11', { timeout: 180_000 });
  await expect(broken).toHaveAttribute('data-status', 'done');
  await expect(last).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('batch-count')).toHaveText('12 of 12 photos');
  await screenshot(page, 'batch-03-done');
  expect(await axeSerious(page)).toEqual([]);

  // An item opens in the usual compare with its inspector.
  await tile(page, 'perfume.jpg')
    .getByRole('button', { name: /^perfume\.jpg: Done/ })
    .click();
  await expect(page.getByTestId('batch-item-view')).toBeVisible();
  await expect(page.getByRole('img', { name: 'After' })).toBeVisible();
  await expect(page.getByTestId('inspector-executor')).toContainText('Local engine');
  await screenshot(page, 'batch-04-item');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('batch-item-view')).toHaveCount(0);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('batch-download').click(),
  ]);
  const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const names = Object.keys(zip).sort();
  expect(names).toContain('manifest.csv');
  expect(names).toContain('manifest.json');
  const pngs = names.filter((n) => n.endsWith('.png'));
  expect(pngs).toHaveLength(11);
  expect(pngs).toContain('broken-backdrop.png');
  expect(pngs).toContain('mug-backdrop.png');
  expect(pngs).toContain('mug-b-backdrop.png');
  for (const png of pngs) expect(zip[png]!.subarray(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));

  const manifest = JSON.parse(strFromU8(zip['manifest.json']!)) as {
    batch: { executor: string; counts: Record<string, number> };
    items: {
      input: string;
      output: string;
      status: string;
      width: number;
      bytes: number;
      executor: string;
    }[];
  };
  expect(manifest.batch.executor).toBe('local');
  expect(manifest.items).toHaveLength(12);
  const byInput = new Map(manifest.items.map((row) => [row.input, row]));
  expect(byInput.get('broken.jpg')).toMatchObject({ status: 'done', output: 'broken-backdrop.png' });
  expect(byInput.get('white-bottle-b.jpg')).toMatchObject({ status: 'cancelled', output: '' });
  expect(byInput.get('perfume.jpg')).toMatchObject({ status: 'done', width: 1200, executor: 'local' });
  for (const row of manifest.items.filter((r) => r.status === 'done')) {
    expect(zip[row.output]!.length).toBe(row.bytes);
  }
  const csv = strFromU8(zip['manifest.csv']!).trim().split(/\r?\n/);
  expect(csv[0]).toMatch(
    /^input,output,status,error_code,error,warnings,width,height,bytes,executor,total_ms,timings,provider_request_id$/,
  );
  expect(csv).toHaveLength(13);
  expect(csv.find((line) => line.startsWith('broken.jpg,'))).toContain('broken-backdrop.png,done');
});
