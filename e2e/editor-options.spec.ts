/**
 * Every documented option of both dialects, set through its generated control; the JSON preview must show
 * it at its path, and at the end the whole body must be exactly the request the steps describe.
 */
import { expect, test } from './fixtures/test.ts';
import type { Page } from '@playwright/test';
import { getAt, print } from '../src/recipe/index.ts';
import {
  control,
  expectAt,
  openAdvanced,
  openFresh,
  panelOn,
  pickRadio,
  preview,
  previewJson,
  selectOption,
  switchDialect,
} from './editor-helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const fill = (page: Page, path: string, value: string, part?: string) =>
  (part ? control(page, path).locator(`[data-part="${part}"]`) : control(page, path)).fill(value);

test('every Claid option is set from its control and shows in the preview', async ({ page }) => {
  await openFresh(page);
  const R = 'operations.background.remove';
  await pickRadio(page, R, 'Automatic');
  await expectAt(page, R, true);
  await pickRadio(page, R, 'By category');
  await expectAt(page, R, { category: 'products' });
  for (const [label, value] of [
    ['General', 'general'],
    ['Cars', 'cars'],
    ['Products', 'products'],
  ]) {
    await pickRadio(page, `${R}.category`, label!);
    await expectAt(page, `${R}.category`, value);
  }
  await openAdvanced(page, 'remove');
  await fill(page, `${R}.category.version`, '2');
  await expectAt(page, `${R}.category`, { type: 'products', version: '2' });
  await pickRadio(page, `${R}.category`, 'Cars');
  await expectAt(page, `${R}.category`, { type: 'cars', version: '2' });
  await fill(page, `${R}.category.version`, '');
  await expectAt(page, `${R}.category`, 'cars');
  await pickRadio(page, R, 'Selective');
  await fill(page, `${R}.selective.object_to_keep`, 'bottle');
  await expectAt(page, R, { selective: { object_to_keep: 'bottle' } });
  await control(page, `${R}.clipping`).check();
  await expectAt(page, `${R}.clipping`, true);

  const B = 'operations.background.blur';
  await panelOn(page, 'blur');
  await expectAt(page, B, true);
  // Blur cannot go with removal: both removal and its colour went, and the panel says so.
  await expectAt(page, R, undefined);
  await expect(page.locator('[data-panel="blur"]').getByTestId('panel-note')).toContainText(
    'Also switched off Background color and Remove background',
  );
  await pickRadio(page, B, 'By category');
  await expectAt(page, `${B}.category`, 'general');
  await pickRadio(page, `${B}.category`, 'Products');
  await expectAt(page, `${B}.category`, 'products');
  await pickRadio(page, B, 'Selective');
  await fill(page, `${B}.selective.object_to_keep`, 'sleeping bag');
  await expectAt(page, `${B}.selective.object_to_keep`, 'sleeping bag');
  await pickRadio(page, `${B}.type`, 'Lens');
  await expectAt(page, `${B}.type`, 'lens');
  await pickRadio(page, `${B}.level`, 'High');
  await expectAt(page, `${B}.level`, 'high');
  // Removal back on takes blur off again; the colour needs removal and comes back with its panel.
  await panelOn(page, 'remove');
  await expectAt(page, B, undefined);
  await pickRadio(page, R, 'Selective');
  await fill(page, `${R}.selective.object_to_keep`, 'bottle');
  await control(page, `${R}.clipping`).check();
  await expectAt(page, R, { selective: { object_to_keep: 'bottle' }, clipping: true });
  await panelOn(page, 'color');

  const C = 'operations.background.color';
  await control(page, C).getByRole('radio', { name: 'Colour' }).check();
  await fill(page, C, '#C5C6FF', 'hex');
  await expectAt(page, C, '#C5C6FF');
  await control(page, C).getByRole('radio', { name: 'Transparent' }).check();
  await expectAt(page, C, 'transparent');

  await panelOn(page, 'framing');
  await fill(page, 'operations.resizing.width', '1000', 'amount');
  await expectAt(page, 'operations.resizing.width', 1000);
  await fill(page, 'operations.resizing.height', '50', 'amount');
  await pickRadio(page, 'operations.resizing.height', '%');
  await expectAt(page, 'operations.resizing.height', '50%');
  for (const label of ['Cover', 'Bounds', 'Canvas', 'Outpaint', 'Crop']) {
    await selectOption(page, 'operations.resizing.fit', label);
    await expectAt(page, 'operations.resizing.fit', label.toLowerCase());
  }
  await pickRadio(page, 'operations.resizing.fit.crop', 'Smart');
  await expectAt(page, 'operations.resizing.fit', { type: 'crop', crop: 'smart' });
  await fill(page, 'operations.padding', '5% 25%');
  await expectAt(page, 'operations.padding', '5% 25%');

  const F = 'output.format';
  for (const [label, value] of [
    ['JPEG', 'jpeg'],
    ['WebP', 'webp'],
    ['AVIF', 'avif'],
    ['TIFF', 'tiff'],
    ['PNG', 'png'],
  ]) {
    await pickRadio(page, F, label!);
    await expectAt(page, F, value);
  }
  // Transparent with a format without alpha: the warning sits at the colour control before any run.
  await pickRadio(page, F, 'JPEG');
  await expect(page.locator(`[data-field="${C}"] .field-issue-warning`)).toContainText('PNG, WebP or AVIF');
  await openAdvanced(page, 'output');
  await control(page, `${F}.progressive`).check();
  await expectAt(page, F, { type: 'jpeg', progressive: true });
  await fill(page, `${F}.quality`, '82', 'number');
  await expectAt(page, `${F}.quality`, 82);
  await control(page, `${F}.progressive`).uncheck();
  await pickRadio(page, F, 'WebP');
  await control(page, `${F}.lossless`).check();
  await expectAt(page, F, { type: 'webp', quality: 82, lossless: true });
  await control(page, `${F}.lossless`).uncheck();
  await fill(page, `${F}.quality`, '', 'number');
  await expectAt(page, F, 'webp');
  await pickRadio(page, F, 'PNG');
  await fill(page, `${F}.compression`, 'fast');
  await expectAt(page, F, { type: 'png', compression: 'fast' });

  const expected = {
    operations: {
      resizing: { width: 1000, height: '50%', fit: { type: 'crop', crop: 'smart' } },
      background: {
        remove: { selective: { object_to_keep: 'bottle' }, clipping: true },
        color: 'transparent',
      },
      padding: '5% 25%',
    },
    output: { format: { type: 'png', compression: 'fast' } },
  };
  await expect.poll(async () => preview(page).textContent()).toBe(print(expected, 'claid'));
});

test('every Deep-Image option is set from its control and shows in the preview', async ({ page }) => {
  await openFresh(page);
  await switchDialect(page, 'Deep-Image');
  for (const [label, value] of [
    ['V2', 'v2'],
    ['Human', 'human'],
    ['Item', 'item'],
    ['Generative', 'generative'],
    ['Auto', 'auto'],
  ]) {
    await pickRadio(page, 'background.remove', label!);
    await expectAt(page, 'background.remove', value);
  }
  await pickRadio(page, 'background.remove', 'Generative');
  await fill(page, 'background.prompt', 'keep the bottle');
  await expectAt(page, 'background.prompt', 'keep the bottle');

  const C = 'background.color';
  await control(page, C).getByRole('radio', { name: 'Auto' }).check();
  await expectAt(page, C, 'auto');
  await control(page, C).getByRole('radio', { name: 'Colour' }).check();
  await fill(page, C, '#FFFFFF', 'hex');
  await expectAt(page, C, '#FFFFFF');
  await control(page, C).getByRole('radio', { name: 'Transparent' }).check();
  await expectAt(page, C, 'transparent');

  await panelOn(page, 'replace');
  await expectAt(page, C, undefined); // a replaced background hides the colour: it went
  await fill(page, 'background.replace', 'https://images.example.com/beach.jpg');
  await expectAt(page, 'background.replace', 'https://images.example.com/beach.jpg');
  await page.locator('[data-panel-switch="replace"]').uncheck();
  await expectAt(page, 'background.replace', undefined);

  const G = 'background.generate';
  await panelOn(page, 'generate');
  await fill(page, `${G}.description`, 'item standing on sand with beach in background');
  await expectAt(page, `${G}.description`, 'item standing on sand with beach in background');
  await fill(page, `${G}.item_area_percentage`, '0.8', 'number');
  await expectAt(page, `${G}.item_area_percentage`, 0.8);
  await control(page, `${G}.item_area_percentage`).locator('[data-part="range"]').focus();
  await page.keyboard.press('ArrowLeft');
  await expectAt(page, `${G}.item_area_percentage`, 0.79);
  await page.getByRole('button', { name: 'Re-roll Seed' }).click();
  await expect.poll(async () => typeof getAt(await previewJson(page), `${G}.sample_num`)).toBe('number');
  await control(page, `${G}.sample_num`).fill('12663');
  await expectAt(page, `${G}.sample_num`, 12663);
  await page.getByRole('button', { name: 'Lock Seed' }).click();
  await expectAt(page, `${G}.sample_num`, undefined);
  await page.getByRole('button', { name: 'Lock Seed' }).click();
  await expectAt(page, `${G}.sample_num`, 12663);
  await fill(page, `${G}.color`, '217', 'r');
  await fill(page, `${G}.color`, '179', 'g');
  await fill(page, `${G}.color`, '190', 'b');
  await expectAt(page, `${G}.color`, [217, 179, 190]);
  await fill(page, `${G}.background_url`, 'https://images.example.com/studio.jpg');
  await expectAt(page, `${G}.background_url`, 'https://images.example.com/studio.jpg');
  await openAdvanced(page, 'generate');
  await selectOption(page, `${G}.adapter_type`, 'Inpainting');
  await expectAt(page, `${G}.adapter_type`, 'inpainting');
  await selectOption(page, `${G}.model_type`, 'Premium');
  await expectAt(page, `${G}.model_type`, 'premium');
  await fill(page, `${G}.additional_prompt`, 'soft light');
  await fill(page, `${G}.negative_prompt`, 'text, people');
  await fill(page, `${G}.face_id`, 'face-7');
  await fill(page, `${G}.controlnet_conditioning_scale`, '0.6');
  await fill(page, `${G}.context_images`, 'https://a.example/1.jpg https://a.example/2.jpg');
  await expectAt(page, `${G}.additional_prompt`, 'soft light');
  await expectAt(page, `${G}.negative_prompt`, 'text, people');
  await expectAt(page, `${G}.face_id`, 'face-7');
  await expectAt(page, `${G}.controlnet_conditioning_scale`, 0.6);
  await expectAt(page, `${G}.context_images`, ['https://a.example/1.jpg', 'https://a.example/2.jpg']);

  await panelOn(page, 'framing');
  await fill(page, 'width', '1000', 'amount');
  await fill(page, 'height', '200', 'amount');
  await pickRadio(page, 'height', '%');
  await expectAt(page, 'width', 1000);
  await expectAt(page, 'height', '200%');
  const fits: [string, unknown][] = [
    ['Crop', 'crop'],
    ['Bounds', 'bounds'],
    ['Cover', 'cover'],
    ['Crop to content', { crop: 'content' }],
    ['Crop to center', { crop: 'center' }],
    ['Canvas', 'canvas'],
    ['Crop to item', { crop: 'item' }],
  ];
  for (const [label, value] of fits) {
    await selectOption(page, 'fit', label);
    await expectAt(page, 'fit', value as never);
  }
  await fill(page, 'padding', '100', 'amount');
  await expectAt(page, 'padding', 100);
  await pickRadio(page, 'padding', '%');
  await expectAt(page, 'padding', '100%');
  await fill(page, 'padding', '10', 'amount');
  await expectAt(page, 'padding', '10%');
  await openAdvanced(page, 'framing');
  await fill(page, 'min_length', '800');
  await expectAt(page, 'min_length', 800);

  for (const [label, value] of [
    ['JPEG', 'jpeg'],
    ['JPG', 'jpg'],
    ['WebP', 'webp'],
    ['PNG', 'png'],
  ]) {
    await pickRadio(page, 'output_format', label!);
    await expectAt(page, 'output_format', value);
  }
  await pickRadio(page, 'output_format', 'WebP');
  await fill(page, 'quality', '90', 'number');
  await expectAt(page, 'quality', 90);
  await fill(page, 'max_file_size', '500000');
  await expectAt(page, 'max_file_size', 500000);
  await openAdvanced(page, 'output');
  await fill(page, 'webhooks.complete', 'https://hooks.example.com/done');
  await expectAt(page, 'webhooks.complete', 'https://hooks.example.com/done');
  await fill(page, 'url', 'https://deep-image.ai/api-example.png');
  await expectAt(page, 'url', 'https://deep-image.ai/api-example.png');

  const expected = {
    url: 'https://deep-image.ai/api-example.png',
    width: 1000,
    height: '200%',
    min_length: 800,
    fit: { crop: 'item' },
    background: {
      remove: 'generative',
      prompt: 'keep the bottle',
      generate: {
        description: 'item standing on sand with beach in background',
        item_area_percentage: 0.79,
        sample_num: 12663,
        color: [217, 179, 190],
        background_url: 'https://images.example.com/studio.jpg',
        adapter_type: 'inpainting',
        model_type: 'premium',
        additional_prompt: 'soft light',
        negative_prompt: 'text, people',
        face_id: 'face-7',
        controlnet_conditioning_scale: 0.6,
        context_images: ['https://a.example/1.jpg', 'https://a.example/2.jpg'],
      },
    },
    padding: '10%',
    output_format: 'webp',
    quality: 90,
    max_file_size: 500000,
    webhooks: { complete: 'https://hooks.example.com/done' },
  };
  await expect.poll(async () => preview(page).textContent()).toBe(print(expected, 'deep-image'));
});
