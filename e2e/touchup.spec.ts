/**
 * Touch-up end to end, with the real server and model: a box around the subject on a result, an erase
 * stroke through the subject and a restore stroke on the background; the result's alpha changes where
 * painted and nowhere else; after a reload the edit is still there (result, photo and touch-up canvas).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { openApp, samplePath, screenshot } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const W = 1200;
const H = 1500;

/** The alpha (or a mask's grey level) of a PNG the server holds for the job. */
async function alphaFrom(page: Page, url: string) {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  const image = sharp(await res.body());
  const data = await (url.endsWith('/mask') ? image.extractChannel(0) : image.ensureAlpha().extractChannel(3))
    .raw()
    .toBuffer();
  expect(data.length).toBe(W * H);
  return data;
}

/** Photo pixel → page coordinates, through the scene that covers the photo exactly. */
async function toPage(page: Page, x: number, y: number) {
  const box = (await page.getByTestId('touchup-scene').boundingBox())!;
  return { x: box.x + (x / W) * box.width, y: box.y + (y / H) * box.height };
}

async function drag(page: Page, from: [number, number], to: [number, number]) {
  const a = await toPage(page, ...from);
  const b = await toPage(page, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 20 });
  await page.mouse.up();
}

async function saved(page: Page) {
  await expect(page.getByTestId('touchup-status')).toHaveAttribute('data-state', 'saved', {
    timeout: 120_000,
  });
}

test('touch up a local result: box, erase, restore; only painted pixels change; the edit survives a reload', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('perfume.jpg'));
  await page.getByRole('radio', { name: 'Local' }).check();
  const created = page.waitForResponse(
    (r) => r.url().endsWith('/api/jobs') && r.request().method() === 'POST',
  );
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  const id = ((await (await created).json()) as { id: string }).id;
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 180_000 });

  const model = await alphaFrom(page, `/api/jobs/${id}/mask`);
  // Where the bottle is: the longest opaque run of the middle rows.
  const bounds = { left: W, right: 0, top: H, bottom: 0 };
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      if (model[y * W + x]! >= 128) {
        bounds.left = Math.min(bounds.left, x);
        bounds.right = Math.max(bounds.right, x);
        bounds.top = Math.min(bounds.top, y);
        bounds.bottom = Math.max(bounds.bottom, y);
      }
  expect(bounds.right - bounds.left).toBeGreaterThan(150);

  await page.getByTestId('touchup-open').click();
  await expect(page.getByTestId('touchup-canvas')).toBeVisible();
  await screenshot(page, '20-touchup-open');

  // Box: generously around the bottle; outside it everything becomes background.
  await page.keyboard.press('b');
  await drag(page, [bounds.left - 80, bounds.top - 80], [bounds.right + 80, bounds.bottom + 60]);
  await saved(page);
  const boxed = await alphaFrom(page, `/api/jobs/${id}/result`);
  expect(boxed[10 * W + 10]).toBe(0);
  const cx = Math.round((bounds.left + bounds.right) / 2);
  const cy = Math.round(bounds.top * 0.3 + bounds.bottom * 0.7);
  expect(boxed[cy * W + cx]).toBe(255);

  // Erase a horizontal stroke through the bottle, restore one on the background beside it (inside the box).
  await page.keyboard.press('e');
  await page.getByRole('slider', { name: 'Size' }).fill('30');
  await page.getByRole('slider', { name: 'Hardness' }).fill('100');
  const erase = { y: cy, from: bounds.left + 20, to: bounds.right - 20 };
  await drag(page, [erase.from, erase.y], [erase.to, erase.y]);
  await saved(page);
  await page.keyboard.press('r');
  const restore = { x: bounds.left - 50, from: bounds.top, to: bounds.top + 200 };
  await drag(page, [restore.x, restore.from], [restore.x, restore.to]);
  await saved(page);
  await screenshot(page, '21-touchup-strokes');

  const after = await alphaFrom(page, `/api/jobs/${id}/result`);
  // Painted: the erase line is clear, the restore line opaque.
  for (let x = erase.from + 5; x < erase.to - 5; x += 7) expect(after[erase.y * W + x]).toBeLessThan(10);
  for (let y = restore.from + 5; y < restore.to - 5; y += 7)
    expect(after[y * W + restore.x]).toBeGreaterThan(245);
  // Nowhere else: every pixel farther than the brush radius (15 px, +2 for where the page rounds the
  // pointer to whole screen pixels) from both strokes keeps its alpha exactly.
  const near = (x: number, y: number) =>
    (Math.abs(y - erase.y) <= 17 && x >= erase.from - 17 && x <= erase.to + 17) ||
    (Math.abs(x - restore.x) <= 17 && y >= restore.from - 17 && y <= restore.to + 17);
  let changedElsewhere = 0;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) if (!near(x, y) && after[y * W + x] !== boxed[y * W + x]) changedElsewhere++;
  expect(changedElsewhere).toBe(0);

  const axe = await new AxeBuilder({ page }).include('[data-testid="touchup"]').analyze();
  expect(
    axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);

  // Undo the restore stroke with the editor's history, then redo it.
  await page.keyboard.press('Control+z');
  await saved(page);
  expect((await alphaFrom(page, `/api/jobs/${id}/result`))[(restore.from + 100) * W + restore.x]).toBe(0);
  await page.keyboard.press('Control+Shift+z');
  await saved(page);

  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('mask-chip')).toContainText('Touched-up mask');

  await page.reload();
  await expect(page.getByRole('img', { name: 'After' })).toBeVisible();
  await expect(page.getByTestId('mask-chip')).toContainText('Touched-up mask');
  // The result the page shows again is the touched-up one (from the browser's own storage).
  const shown = await page.getByRole('img', { name: 'After' }).evaluate(
    async (img: HTMLImageElement, at) => {
      await img.decode();
      const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
      const context = canvas.getContext('2d')!;
      context.drawImage(img, 0, 0);
      return at.map(([x, y]) => context.getImageData(x!, y!, 1, 1).data[3]);
    },
    [
      [cx, erase.y],
      [restore.x, restore.from + 100],
    ],
  );
  expect(shown).toEqual([0, 255]);
  // And touch-up opens on the edited mask: tinted (background) on the erase line, clear on the restore line.
  await page.getByTestId('touchup-open').click();
  await expect(page.getByTestId('touchup-canvas')).toBeVisible();
  await expect(page.getByTestId('touchup-status')).toHaveAttribute('data-state', 'ready');
  // The overlay canvas covers the pane in screen pixels: read each photo point where the page shows it.
  const points = [await toPage(page, cx, erase.y), await toPage(page, restore.x, restore.from + 100)];
  const tint = await page.getByTestId('touchup-canvas').evaluate((canvas: HTMLCanvasElement, at) => {
    const box = canvas.getBoundingClientRect();
    const k = canvas.width / box.width;
    const context = canvas.getContext('2d')!;
    return at.map(
      (p) =>
        context.getImageData(Math.floor((p.x - box.left) * k), Math.floor((p.y - box.top) * k), 1, 1).data[3],
    );
  }, points);
  expect(tint[0]).toBeGreaterThan(100);
  expect(tint[1]).toBe(0);
  await screenshot(page, '22-touchup-after-reload');
});

test('before the first run, a box is a hint: the local run segments inside it', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
  await page.getByTestId('touchup-open').click();
  await expect(page.getByTestId('touchup-pane')).toBeVisible();
  // The mug spans x ≈ 400..930 of 1400: a box over its left part only.
  const pane = page.getByTestId('touchup-pane');
  const img = (await pane.getByRole('img').boundingBox())!;
  const at = (x: number, y: number) => ({
    x: img.x + (x / 1400) * img.width,
    y: img.y + (y / 1400) * img.height,
  });
  const a = at(300, 500);
  const b = at(700, 1220);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 10 });
  await page.mouse.up();
  const chip = page.getByTestId('mask-chip');
  await expect(chip).toContainText(/Subject box \d+,\d+,\d+,\d+/, { timeout: 10_000 });
  // The page rounds the pointer to whole screen pixels (~4 photo pixels at this zoom).
  const box = (await chip.textContent())!
    .match(/(\d+),(\d+),(\d+),(\d+)/)!
    .slice(1)
    .map(Number);
  [300, 500, 400, 720].forEach((v, i) => expect(Math.abs(box[i]! - v)).toBeLessThanOrEqual(6));
  await page.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('radio', { name: 'Local' }).check();
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('inspector-mask')).toContainText(`box ${box.join(',')}`);
  const alpha = await page.getByRole('img', { name: 'After' }).evaluate(async (image: HTMLImageElement) => {
    await image.decode();
    const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    return [context.getImageData(500, 900, 1, 1).data[3], context.getImageData(800, 900, 1, 1).data[3]];
  });
  expect(alpha).toEqual([255, 0]);
});
