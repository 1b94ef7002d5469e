import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures/test.ts';
import { dropFile, openApp, samplePath, screenshot, SCREENS } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('empty state offers every way in, and a picked file shows with its facts', async ({ page }) => {
  await openApp(page);
  const empty = page.getByTestId('empty-state');
  await expect(empty).toBeVisible();
  await expect(empty.getByRole('button', { name: 'Choose a file…' })).toBeVisible();
  await expect(empty.getByLabel('Image URL')).toBeVisible();
  await expect(page.getByTestId('sample-tile').first()).toBeVisible();
  await screenshot(page, '01-empty');

  await page.getByTestId('photo-file-input').setInputFiles(samplePath('perfume.jpg'));
  const info = page.getByTestId('photo-info');
  await expect(info).toContainText('perfume.jpg');
  await expect(info).toContainText('1200 × 1500');
  await expect(info).toContainText('JPEG');
  await expect(page.getByTestId('compare-pane').getByRole('img', { name: 'Photo' })).toBeVisible();
  await screenshot(page, '02-photo');
});

test('a synthetic drop anywhere replaces the photo', async ({ page }) => {
  await openApp(page);
  await dropFile(
    page,
    samplePath('sneaker.jpg'),
    'sneaker.jpg',
    'image/jpeg',
    '[data-testid="drop-anywhere"]',
  );
  await expect(page.getByTestId('photo-info')).toContainText('sneaker.jpg');
  await expect(page.getByTestId('photo-info')).toContainText('1600 × 1200');
});

test('a sample tile loads in one click', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('sample-tile').first().click();
  await expect(page.getByTestId('photo-info')).toBeVisible();
});

test('an oversize file is refused before uploading, naming the limit the server set', async ({ page }) => {
  await openApp(page);
  // A valid JPEG header followed by padding: over the 6 MB limit global-setup gives the server.
  const big = Buffer.concat([readFileSync(samplePath('perfume.jpg')), Buffer.alloc(7 * 1024 * 1024)]);
  const path = join(SCREENS, '..', 'oversize.jpg');
  writeFileSync(path, big);
  const uploads: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/jobs') && r.method() === 'POST') uploads.push(r.url());
  });
  await page.getByTestId('photo-file-input').setInputFiles(path);
  const error = page.getByTestId('photo-error');
  await expect(error).toContainText('oversize.jpg');
  await expect(error).toContainText('up to 6.0 MB');
  await expect(page.getByTestId('empty-state')).toBeVisible();
  expect(uploads).toEqual([]);
  await screenshot(page, '03-oversize');
});

test('a file that is not an image says so', async ({ page }) => {
  await openApp(page);
  await page
    .getByTestId('photo-file-input')
    .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('photo-error')).toContainText('“notes.txt” is not an image');
});

test('dragging a file over the window shows the drop overlay', async ({ page }) => {
  await openApp(page);
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['x'], 'a.jpg', { type: 'image/jpeg' }));
    return dt;
  });
  await page.dispatchEvent('[data-testid="drop-anywhere"]', 'dragenter', { dataTransfer });
  await expect(page.getByText('Drop to use this photo')).toBeVisible();
  await screenshot(page, '14-drop-overlay');
});

test('pasting an image makes it the photo; pasting text into a field is left alone', async ({ page }) => {
  await openApp(page);
  const base64 = readFileSync(samplePath('headphones.jpg')).toString('base64');
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'image.png', { type: 'image/jpeg' }));
    document.body.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
    );
  }, base64);
  await expect(page.getByTestId('photo-info')).toContainText(/pasted-.*\.jpg/);
  await expect(page.getByTestId('photo-info')).toContainText('1500 × 1200');

  const notHandled = await page.evaluate(() => {
    const input = document.createElement('input');
    document.body.append(input);
    // Copied from a web page: text and an image file at once. A text field keeps the text.
    const dt = new DataTransfer();
    dt.setData('text/plain', '{"output":{"format":"png"}}');
    dt.items.add(new File([new Uint8Array([0xff, 0xd8, 0xff])], 'image.png', { type: 'image/jpeg' }));
    const event = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    input.dispatchEvent(event);
    input.remove();
    return !event.defaultPrevented;
  });
  expect(notHandled).toBe(true);
});
