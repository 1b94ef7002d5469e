/**
 * A request that enlarges the photo, or the object in it, beyond its own pixels says so before the run,
 * with the factor, and takes the user to the option to change.
 */
import { expect, test } from './fixtures/test.ts';
import { control, openFresh, screenshot, setRequest } from './editor-helpers.ts';
import { samplePath } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('resizing a 1400 px photo to 3500 px warns ×2.5 before running; a smaller size does not', async ({
  page,
}) => {
  await openFresh(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
  await expect(page.getByTestId('photo-info')).toContainText('1400 × 1400');
  const note = page.getByTestId('enlarge-note');
  await expect(note).toHaveCount(0);

  await setRequest(page, 'Claid', { operations: { resizing: { width: 3500 } }, output: { format: 'png' } });
  await expect(note).toContainText('enlarges the photo ×2.5 (1400 × 1400 → 3500 × 3500)');
  await screenshot(page, 'enlarge-photo');
  await note.getByRole('button', { name: 'Show the option' }).click();
  // Focus lands in the width field (its unit, the checked radio, as Tab would), which is brought into view.
  await expect(page.locator('[data-field="operations.resizing.width"] :focus')).toHaveCount(1);

  await setRequest(page, 'Claid', { operations: { resizing: { width: 1000 } }, output: { format: 'png' } });
  await expect(note).toHaveCount(0);
});

test('generate filling 65% of a 3000 px canvas warns that the object grows at least ×1.7', async ({
  page,
}) => {
  await openFresh(page);
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
  await expect(page.getByTestId('photo-info')).toContainText('1400 × 1400');
  await setRequest(page, 'Deep-Image', {
    background: { generate: { description: 'mug on a table', item_area_percentage: 0.65 } },
    width: 3000,
    height: 3000,
  });
  const note = page.getByTestId('enlarge-note');
  await expect(note).toContainText('Filling 65% of the canvas enlarges the object at least ×1.7');
  await note.getByRole('button', { name: 'Show the option' }).click();
  await expect(control(page, 'background.generate.item_area_percentage')).toBeInViewport();
  await expect(page.locator('[data-field="background.generate.item_area_percentage"] :focus')).toHaveCount(1);
  await screenshot(page, 'enlarge-object');
});
