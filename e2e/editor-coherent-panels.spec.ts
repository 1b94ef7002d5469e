/**
 * Switching a panel on moves the request to a coherent state: nothing warns, a note says what else changed,
 * and Undo takes it all back in one step.
 */
import { expect, test } from './fixtures/test.ts';
import type { Page } from '@playwright/test';
import { expectAt, openFresh, panelOn, previewJson, screenshot, switchDialect } from './editor-helpers.ts';
import { samplePath } from './fixtures/helpers.ts';

test.use({ viewport: { width: 1440, height: 900 } });

async function expectNoRuleMessages(page: Page) {
  await expect(page.locator('.field-issue-warning, .field-issue-error')).toHaveCount(0);
  await expect(page.getByTestId('request-issues')).toHaveCount(0);
}

test('Blur, Generate and Replace switch on without a warning, saying what else changed, undoably', async ({
  page,
}) => {
  await openFresh(page);
  const start = await previewJson(page);
  await panelOn(page, 'blur');
  await expectAt(page, 'operations.background', { blur: true });
  await expectNoRuleMessages(page);
  const note = page.locator('[data-panel="blur"]').getByTestId('panel-note');
  await expect(note).toContainText(
    'Also switched off Background color and Remove background, which cannot go with Blur background.',
  );
  await screenshot(page, 'coherent-blur-note');
  await note.getByRole('button', { name: 'Undo' }).click();
  expect(await previewJson(page)).toEqual(start);
  await expect(note).toHaveCount(0);

  await switchDialect(page, 'Deep-Image');
  await panelOn(page, 'generate');
  await expectAt(page, 'background.color', undefined);
  await expectNoRuleMessages(page);
  await expect(page.locator('[data-panel="generate"]').getByTestId('panel-note')).toContainText(
    'Also switched off Background color, which cannot go with Generate background.',
  );
  await panelOn(page, 'replace');
  await expectAt(page, 'background.generate', undefined);
  await expectNoRuleMessages(page);
  // The empty address is not a mistake yet, but there is nothing to run with: Run says what to fill in.
  await expect(page.locator('[data-issue="empty"]')).toHaveText(
    'Fill this in to run, or switch the panel off.',
  );
  await page.getByTestId('photo-file-input').setInputFiles(samplePath('mug.jpg'));
  await expect(page.getByTestId('run-blocked')).toContainText(
    'Fill in “Backdrop image URL”, or switch Replace background off.',
  );
  await screenshot(page, 'coherent-replace-empty');
});
