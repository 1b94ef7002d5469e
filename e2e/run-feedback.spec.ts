/**
 * Run feedback: progress only goes forward, its stage names follow what runs (the quick preview is one
 * stage, then the full result's own), and a cancelled run says "Cancelled" where the user is looking.
 */
import { expect, test } from './fixtures/test.ts';
import { openFresh, screenshot } from './editor-helpers.ts';
import { unseenSample } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

/** The order stages run in; a label may repeat or be skipped, never come back after a later one. */
const ORDER = [
  'Starting…',
  'Waiting in the queue',
  'Making a quick preview',
  'Reading the photo',
  'Finding the subject',
  'Refining the edges',
  'Compositing',
  'Framing',
  'Encoding the result',
  'Saving the result',
];

test('progress only goes forward, through stages named for what runs', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await openFresh(page);
  // Every stage must run: a sample's mask cached by an earlier spec would skip the preview and the model.
  await page.getByTestId('photo-file-input').setInputFiles(await unseenSample('headphones.jpg', testInfo));
  await expect(page.getByTestId('photo-info')).toContainText('headphones.jpg');
  // Every change of the progress box, as the user would have seen it.
  await page.evaluate(() => {
    const seen: { stage: string; value: number }[] = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver(() => {
      const box = document.querySelector('[data-testid="run-progress"]');
      if (!box) return;
      const stage = box.querySelector('[role="status"]')?.textContent ?? '';
      const value = Number(box.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? 0);
      const last = seen.at(-1);
      if (!last || last.stage !== stage || last.value !== value) seen.push({ stage, value });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 150_000 });
  const seen = await page.evaluate(
    () => (window as unknown as { seen: { stage: string; value: number }[] }).seen,
  );
  const stages = seen.map((s) => s.stage).filter((s, i, all) => s !== all[i - 1]);
  expect(stages).toContain('Making a quick preview');
  expect(stages).toContain('Finding the subject');
  for (const stage of stages) expect(ORDER, `an unexpected stage: ${stage}`).toContain(stage);
  const places = stages.map((s) => ORDER.indexOf(s));
  expect(places, `stages went back: ${stages.join(' → ')}`).toEqual([...places].sort((a, b) => a - b));
  const values = seen.map((s) => s.value);
  expect(values, 'progress went back').toEqual([...values].sort((a, b) => a - b));
});

test('Cancel says "Cancelled" in the run box and on the stage; the photo and request stay', async ({
  page,
}, testInfo) => {
  await openFresh(page);
  // A cached mask could finish the run before Cancel is pressed.
  await page.getByTestId('photo-file-input').setInputFiles(await unseenSample('sneaker.jpg', testInfo));
  const request = await page.getByTestId('json-preview').textContent();
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('run-progress')).toBeVisible();
  await page.getByRole('button', { name: /Cancel/ }).click();
  await expect(page.getByTestId('run-cancelled')).toContainText('Cancelled.');
  await expect(page.locator('.stage-cancelled')).toHaveText('Cancelled');
  await screenshot(page, 'run-cancelled');
  await expect(page.getByTestId('photo-info')).toContainText('sneaker.jpg');
  expect(await page.getByTestId('json-preview').textContent()).toBe(request);
  await expect(page.getByRole('button', { name: /Run on local engine/ })).toBeEnabled();
  // The next run starts clean.
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('run-cancelled')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-cancelled')).toBeVisible();
});
