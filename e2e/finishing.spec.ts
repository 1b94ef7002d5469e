/**
 * Finishing in the editor (issue 15): the Finishing panel beside the request, a local run with a cast
 * shadow, the shadow's place checked in the result's pixels (under the subject, on the side away from the
 * light, never on the subject), a slider change re-rendering the result on screen without a model pass,
 * share links carrying it, and a provider's result from the fakes finished too.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { decodeShare, encodeShare } from '../src/recipe/index.ts';
import { resetFake, samplePath } from './fixtures/helpers.ts';
import { control, openFresh, screenshot } from './editor-helpers.ts';

const FLOOR = '#E6E1D8';
const request = { background: { remove: 'auto', color: FLOOR }, output_format: 'png' };

/**
 * The "After" image's pixels (RGB) at its full size. Retried: the page swaps
 * the URL (preview → full result → re-render) and revokes the old one.
 */
async function afterPixels(page: Page, notSrc?: string) {
  let out: { data: Buffer; width: number; height: number; src: string } | undefined;
  await expect(async () => {
    const image = page.getByRole('img', { name: 'After' });
    const src = (await image.getAttribute('src')) ?? '';
    expect(src).not.toBe(notSrc);
    // Pixels through a canvas: the page's CSP keeps fetch() off blob: URLs, and the image is same-origin.
    const pixels = await image.evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(img, 0, 0);
      const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let text = '';
      for (let i = 0; i < rgba.length; i += 4)
        text += String.fromCharCode(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!);
      return { base64: btoa(text), width: canvas.width, height: canvas.height, src: img.src };
    });
    expect(pixels.src).toBe(src);
    out = { data: Buffer.from(pixels.base64, 'base64'), width: pixels.width, height: pixels.height, src };
  }).toPass({ timeout: 30_000 });
  return out!;
}

async function finishingOn(page: Page) {
  const panel = page.getByTestId('finishing-panel');
  await expect(panel).toBeVisible();
  await control(page, 'finish').check();
  return panel;
}

async function setNumber(page: Page, path: string, value: number) {
  await control(page, path).locator('input[type=number]').fill(String(value));
}

/** The panel and the result at 1440 and 390 px, light and dark (test-results/screens/finishing-*). */
async function screens(page: Page) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('finishing-panel').scrollIntoViewIfNeeded();
    await screenshot(page, `finishing-1440-${scheme}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('finishing-panel').scrollIntoViewIfNeeded();
    await screenshot(page, `finishing-390-${scheme}-panel`);
    await page.getByRole('img', { name: 'After' }).scrollIntoViewIfNeeded();
    await screenshot(page, `finishing-390-${scheme}-result`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.afterEach(async () => {
  await resetFake('claid');
});

test('a cast shadow lands under the subject, away from the light, never on it; a change re-renders with no model pass', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFresh(page, `/#r=${encodeShare('deep-image', request)}`);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('perfume.jpg'));
  await expect(page.getByTestId('photo-info')).toContainText('perfume.jpg');

  const panel = await finishingOn(page);
  await control(page, 'finish.shadow.type').getByRole('radio', { name: 'Cast', exact: true }).check();
  // Light from the left (270°), low: the shadow falls to the right, along the floor.
  await setNumber(page, 'finish.shadow.angle', 270);
  await setNumber(page, 'finish.shadow.elevation', 30);
  // Opacity, softness and colour keep the cast shadow's own defaults.
  await expect(panel.getByText('default', { exact: true })).toHaveCount(3);
  // The request JSON stays the provider's exact body.
  await expect(page.getByTestId('json-preview')).not.toContainText('shadow');

  await page.getByRole('radio', { name: 'Local' }).check();
  await page.getByRole('button', { name: /Run on local engine/ }).click();
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('inspector-finishing')).toContainText('Cast shadow');
  await expect(page.getByTestId('inspector-finishing')).toContainText('light from 270° at 30°');
  const shadowed = await afterPixels(page);
  await screens(page);

  // No shadow: the same job re-rendered on the server from its cached mask.
  await control(page, 'finish.shadow.type').getByRole('radio', { name: 'None', exact: true }).check();
  await expect(page.getByTestId('inspector-finishing')).toContainText('No shadow', { timeout: 60_000 });
  await expect(page.getByTestId('inspector')).not.toContainText('segmenting');
  const bare = await afterPixels(page, shadowed.src);
  expect([bare.width, bare.height]).toEqual([shadowed.width, shadowed.height]);

  // Subject: what differs from the floor colour in the bare render. Shadow: what got darker with it.
  const { width, height } = bare;
  const floor = [0xe6, 0xe1, 0xd8];
  const distance = (x: number, y: number) => {
    const i = (y * width + x) * 3;
    return Math.max(...[0, 1, 2].map((c) => Math.abs(bare.data[i + c]! - floor[c]!)));
  };
  // Inside the subject: clearly not floor here and 4 px around (its soft edge blends with what is behind).
  const inside = (x: number, y: number) =>
    x >= 4 &&
    y >= 4 &&
    x < width - 4 &&
    y < height - 4 &&
    [
      [0, 0],
      [-4, 0],
      [4, 0],
      [0, -4],
      [0, 4],
    ].every(([dx, dy]) => distance(x + dx!, y + dy!) > 80);
  let subject = 0;
  let sx = 0;
  let subjectBottom = 0;
  let shadow = 0;
  let shx = 0;
  let shy = 0;
  let onSubject = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (distance(x, y) > 40) {
        subject++;
        sx += x;
        subjectBottom = Math.max(subjectBottom, y);
      }
      const darker = [0, 1, 2].every((c) => bare.data[i + c]! - shadowed.data[i + c]! > 6);
      if (darker) {
        shadow++;
        shx += x;
        shy += y;
        if (inside(x, y)) onSubject++;
      }
    }
  }
  expect(subject).toBeGreaterThan(0.05 * width * height);
  expect(shadow).toBeGreaterThan(0.01 * width * height);
  // Right of the subject (the light is on the left) and down at its foot, not up in the air.
  expect(shx / shadow).toBeGreaterThan(sx / subject + 0.05 * width);
  expect(shy / shadow).toBeGreaterThan(subjectBottom - 0.25 * height);
  // Never on the subject itself (its clearly-not-floor pixels keep their colour).
  expect(onSubject / shadow).toBeLessThan(0.01);
});

test('share links carry the finishing; a Claid result from the fake provider is finished too', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFresh(page);
  await finishingOn(page);
  await control(page, 'finish.shadow.type').getByRole('radio', { name: 'Contact', exact: true }).check();
  await setNumber(page, 'finish.shadow.opacity', 0.9);
  await control(page, 'finish.placement').check();
  await control(page, 'finish.placement.anchor').getByRole('radio', { name: 'Centre' }).check();

  await page.getByTestId('share').click();
  await expect(page.getByTestId('toast').first()).toContainText('request and finishing');
  const decoded = decodeShare(page.url().split('#r=')[1]!);
  expect(decoded.ok && decoded.finish).toEqual({
    shadow: { type: 'contact', opacity: 0.9 },
    placement: { anchor: 'center' },
  });
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(page.url());
  await expect(fresh.locator('[data-path="finish"]')).toBeChecked();
  await expect(
    fresh.locator('[data-path="finish.shadow.type"]').getByRole('radio', { name: 'Contact', exact: true }),
  ).toBeChecked();
  await expect(fresh.locator('[data-path="finish.shadow.opacity"] input[type=number]')).toHaveValue('0.9');
  await other.close();

  // Claid (the fake) makes the image; Backdrop finishes it from the engine's mask of the result.
  await page.getByRole('radio', { name: 'Claid', exact: true }).first().check();
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  await page.getByRole('button', { name: /Run on Claid/ }).click();
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('inspector-executor')).toContainText('Claid');
  await expect(page.getByTestId('inspector-finishing')).toContainText('Contact shadow · opacity 0.9');
  await expect(page.getByTestId('inspector')).toContainText('finishing');

  const axe = await new AxeBuilder({ page }).include('[data-testid="finishing-panel"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
});
