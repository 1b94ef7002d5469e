/**
 * The layout reflows: at 1440, 1024, 768 and 390 px wide nothing scrolls sideways, the panels, the stage
 * and the Run button are all on the page, and on a touch phone the compare pinch-zooms and its divider
 * follows a finger. Screenshots of each width in light and dark land in test-results/screens.
 */
import { join } from 'node:path';
import { expect, test } from './fixtures/test.ts';
import type { Page } from '@playwright/test';
import { openFresh, screenshot, SCREENS } from './editor-helpers.ts';
import { resetFake, samplePath } from './fixtures/helpers.ts';

const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
  { width: 390, height: 844 },
];

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Every part a designer needs is laid out inside the window's width (they may be below the fold). */
async function expectAllWithinWidth(page: Page, state: string) {
  expect(await sidewaysOverflow(page), `sideways overflow in ${state}`).toBeLessThanOrEqual(0);
  const width = page.viewportSize()!.width;
  const parts = [
    page.locator('[data-panel-switch="blur"]'),
    page.getByRole('button', { name: /^Run on/ }),
    page.getByTestId('json-preview'),
    page.getByRole('region', { name: 'Photo and result' }),
    page.getByRole('button', { name: 'Undo' }),
    page.getByRole('button', { name: 'Keyboard shortcuts' }),
  ];
  for (const part of parts) {
    const box = await part.boundingBox();
    expect(box, `${state}: ${part.toString()} is laid out`).not.toBeNull();
    expect(box!.x, `${state}: ${part.toString()} starts inside the window`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${state}: ${part.toString()} ends inside the window`).toBeLessThanOrEqual(
      width + 0.5,
    );
  }
}

/**
 * The result's bar: each control inside the bar, and its rows (controls whose vertical centres are within
 * 8 px of each other share a row). Download always shares a row with the view switch.
 */
async function expectToolbarRows(page: Page, state: string, rows: number) {
  const { bar, items } = await page.getByTestId('result-toolbar').evaluate((el) => {
    const box = (e: Element) => e.getBoundingClientRect();
    return {
      bar: { left: box(el).left, right: box(el).right },
      items: [...el.children].map((child) => ({
        name: child.getAttribute('aria-label') ?? child.textContent?.trim() ?? '',
        left: box(child).left,
        right: box(child).right,
        centre: (box(child).top + box(child).bottom) / 2,
      })),
    };
  });
  expect(items.map((i) => i.name)).toContain('Download');
  for (const item of items) {
    expect(item.left, `${state}: "${item.name}" starts inside the bar`).toBeGreaterThanOrEqual(bar.left);
    expect(item.right, `${state}: "${item.name}" ends inside the bar`).toBeLessThanOrEqual(bar.right);
  }
  const centres: number[] = [];
  for (const { centre } of items) if (!centres.some((c) => Math.abs(c - centre) < 8)) centres.push(centre);
  expect(centres.length, `${state}: rows of the result's bar (${JSON.stringify(items)})`).toBe(rows);
  const rowOf = (name: string) => items.find((i) => i.name === name)!.centre;
  expect(
    Math.abs(rowOf('Download') - rowOf('Compare view')),
    `${state}: Download beside the views`,
  ).toBeLessThan(8);
}

/** The window in light and dark; below desktop width (where the page scrolls) the whole page too. */
async function shoot(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `${name}-${scheme}`);
    if (page.viewportSize()!.width < 1280)
      await page.screenshot({
        path: join(SCREENS, `${name}-${scheme}-full.png`),
        fullPage: true,
        animations: 'disabled',
      });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test.afterEach(async () => {
  await resetFake('claid');
});

test('the editor reflows at 1440, 1024, 768 and 390 px: no sideways scroll, every part on the page', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(WIDTHS[0]!);
  await openFresh(page);
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await expectAllWithinWidth(page, `empty at ${size.width}`);
    await shoot(page, `layout-${size.width}-empty`);
  }

  await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
  await expect(page.getByTestId('photo-info')).toContainText('mug.jpg');
  await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
  await page.getByRole('button', { name: /^Run on/ }).click();
  await expect(page.getByTestId('download')).toBeVisible({ timeout: 60_000 });
  await page.locator('[data-panel-switch="framing"]').check();
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await expectAllWithinWidth(page, `result at ${size.width}`);
    // The photo's bar keeps its actions on screen, however narrow.
    const close = await page.getByTestId('photo-info').getByRole('button', { name: 'Close' }).boundingBox();
    expect(close!.x + close!.width).toBeLessThanOrEqual(size.width);
    // One row when the stage is wide enough (1440, and the tablets where the stage spans the window);
    // on a phone, two rows.
    await expectToolbarRows(page, `result at ${size.width}`, size.width === 390 ? 2 : 1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, `layout-${size.width}-result`);
  }
});

test.describe('on a touch phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('one finger scrolls past the fitted compare, two pinch-zoom it, a finger drags its divider', async ({
    page,
  }) => {
    await openFresh(page);
    await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
    await page.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: 'Claid' }).check();
    await page.getByRole('button', { name: /^Run on/ }).click();
    await expect(page.getByTestId('download')).toBeVisible({ timeout: 60_000 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: { x: number; y: number }[]) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id })),
      });
    await page.evaluate(() => window.scrollTo(0, 0));
    const pane = (await page.getByTestId('compare-pane').boundingBox())!;
    const zoom = page.getByRole('group', { name: 'Zoom' }).locator('output');
    const fitted = Number.parseInt((await zoom.textContent())!, 10);

    // While the image is fitted, one finger on it scrolls the page (the stage fills most of a phone).
    await touch('touchStart', [{ x: pane.x + 40, y: pane.y + pane.height - 40 }]);
    for (let step = 1; step <= 5; step++)
      await touch('touchMove', [{ x: pane.x + 40, y: pane.y + pane.height - 40 - step * 40 }]);
    await touch('touchEnd', []);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(50);
    // Let the fling settle before going back up, so the pinch below lands where it is aimed.
    let last = -1;
    await expect
      .poll(async () => {
        const [before, now] = [last, await page.evaluate(() => window.scrollY)];
        last = now;
        return before === now;
      })
      .toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(zoom).toHaveText(`${fitted}%`);

    // Two fingers 60 px apart spread to 180 px: the view zooms in about three times.
    const cx = pane.x + pane.width * 0.3;
    const cy = pane.y + pane.height / 2;
    await touch('touchStart', [
      { x: cx - 30, y: cy },
      { x: cx + 30, y: cy },
    ]);
    for (let step = 1; step <= 6; step++) {
      const half = 30 + step * 10;
      await touch('touchMove', [
        { x: cx - half, y: cy },
        { x: cx + half, y: cy },
      ]);
    }
    await touch('touchEnd', []);
    await expect
      .poll(async () => Number.parseInt((await zoom.textContent())!, 10) / fitted)
      .toBeGreaterThan(2.5);

    // One finger on the divider's grip drags it to a quarter of the pane.
    const grip = (await page.getByTestId('compare-slider').boundingBox())!;
    const gx = grip.x + grip.width / 2;
    await touch('touchStart', [{ x: gx, y: cy }]);
    for (let step = 1; step <= 5; step++) {
      await touch('touchMove', [{ x: gx + ((pane.x + pane.width * 0.25 - gx) * step) / 5, y: cy }]);
    }
    await touch('touchEnd', []);
    await expect(page.getByTestId('compare-slider')).toHaveAttribute('aria-valuenow', '25');
    await screenshot(page, 'layout-390-touch-zoomed');
  });
});
