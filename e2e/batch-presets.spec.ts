/**
 * A batch run for a marketplace preset, in real Chromium against the real server and the fake Claid:
 * Amazon main picked in the Preset menu, a shadow set in the Finishing panel, three photos dropped and
 * run. Every item's job carries the preset and the finishing (the same recipe as a single run), each
 * done tile shows its check with the failing rule on focus, and both manifests carry the columns.
 * Screenshots at 1440 and 390 px, light and dark; axe finds nothing serious.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { axeSerious, dropFiles } from './fixtures/batch.ts';
import { openApp, samplePath, screenshot } from './fixtures/helpers.ts';
import { switchDialect } from './editor-helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const PHOTOS = ['mug.jpg', 'perfume.jpg', 'sneaker.jpg'];

const tile = (page: Page, name: string) => page.locator(`[data-testid="batch-tile"][data-name="${name}"]`);

test('a batch for Amazon main sends the preset and the finishing, and shows each result’s check', async ({
  page,
}) => {
  test.setTimeout(300_000); // three fake-provider jobs, four screenshots with axe: minutes on a loaded machine
  await openApp(page);
  await switchDialect(page, 'Claid');
  await page.getByTestId('preset-select').selectOption({ label: 'Amazon main image' });
  await expect(page.getByTestId('preset-menu')).toContainText('4% padding');
  // A drop shadow on top of the preset: the batch must send it like a single run does.
  await page.getByTestId('finishing-panel').locator('[data-path="finish"]').check();

  await dropFiles(
    page,
    PHOTOS.map((name) => ({ name, base64: readFileSync(samplePath(name)).toString('base64') })),
  );
  await expect(page.getByTestId('batch-count')).toHaveText('3 photos ready to run');
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  await page.getByTestId('batch-run').click();
  await expect(page.getByTestId('batch-compliance')).toHaveCount(3, { timeout: 120_000 });

  const ids = await page.evaluate(async () => {
    const open = indexedDB.open('backdrop-batch');
    const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
    const all = db.transaction('items').objectStore('items').getAll();
    const items = await new Promise<{ jobId?: string }[]>(
      (resolve) => (all.onsuccess = () => resolve(all.result)),
    );
    return items.map((item) => item.jobId!);
  });
  expect(ids).toHaveLength(3);
  for (const id of ids) {
    const job = (await (await page.request.get(`/api/jobs/${id}`)).json()) as {
      preset?: string;
      finish?: { shadow?: { type: string } };
      compliance?: { status: string };
    };
    expect(job.preset).toBe('amazon-main');
    expect(job.finish?.shadow?.type).toBe('contact');
    expect(job.compliance?.status).toMatch(/^(pass|warn|fail)$/);
  }

  const verdicts = await page
    .getByTestId('batch-compliance')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')!));
  const tally = ['pass', 'warn', 'fail']
    .map((v) => [v, verdicts.filter((s) => s === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(' · ');
  await expect(page.getByTestId('batch-check-tally')).toHaveText(`Check${tally}`);

  // The badge says the verdict; focus shows the rule that did not pass, with its measure and fix.
  const badge = tile(page, 'mug.jpg').getByTestId('batch-compliance');
  const status = await badge.getAttribute('data-status');
  await expect(badge).toHaveText(
    new RegExp(`^. ${{ pass: 'Passes', warn: 'Warning', fail: 'Fails' }[status!]}`),
  );
  const tip = tile(page, 'mug.jpg').getByTestId('batch-compliance-tip');
  await expect(tip).toBeHidden();
  await badge.hover();
  await expect(tip).toBeVisible();
  await page.mouse.move(5, 5);
  await expect(tip).toBeHidden();
  await badge.focus();
  await expect(tip).toBeVisible();
  if (status === 'pass') await expect(tip).toHaveText('Every rule of Amazon main image passes.');
  else await expect(tip).toContainText(/^(Fails|Warning): .+ — .+\./);

  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 1440 ? 900 : 844 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await badge.scrollIntoViewIfNeeded();
      await badge.focus();
      expect(await axeSerious(page), `${width} ${scheme}`).toEqual([]);
      await screenshot(page, `batch-compliance-${width}-${scheme}`);
    }
  }

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('batch-download').click(),
  ]);
  const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const manifest = JSON.parse(strFromU8(zip['manifest.json']!)) as {
    batch: { preset?: string; finish?: unknown };
    items: { compliance?: string; finish?: string }[];
  };
  expect(manifest.batch).toMatchObject({ preset: 'amazon-main', finish: { shadow: { type: 'contact' } } });
  for (const row of manifest.items) {
    expect(row.compliance).toMatch(/^(pass|warn|fail)$/);
    expect(JSON.parse(row.finish!)).toEqual({ shadow: { type: 'contact' } });
  }
  const csv = strFromU8(zip['manifest.csv']!).trim().split(/\r?\n/);
  expect(csv[0]).toMatch(/,compliance,compliance_issues,finish$/);

  // Switching the shadow off afterwards: the batch keeps what it was sent with, and says so.
  await expect(page.getByTestId('batch-request-changed')).toHaveCount(0);
  await page.getByTestId('finishing-panel').locator('[data-path="finish"]').uncheck();
  await expect(page.getByTestId('batch-request-changed')).toContainText('the finishing or the preset');
});
