// Temporary (not committed): editor screenshots at load and after lazy views open.
import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:5291/';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const sample = '/work/wt-bundle/' + process.argv[2];
for (const [w, h] of [[1440, 900], [390, 844]]) {
  const ctx = await b.newContext({ viewport: { width: w, height: h } });
  const p = await ctx.newPage();
  const loaded = [];
  p.on('response', (r) => { if (r.url().includes('/assets/') && r.url().endsWith('.js')) loaded.push(r.url().split('/').pop()); });
  await p.goto(base);
  await p.getByRole('region', { name: 'Run' }).waitFor();
  for (const scheme of ['light', 'dark']) {
    await p.emulateMedia({ colorScheme: scheme });
    await p.screenshot({ path: `/tmp/bundle/after-load-${w}-${scheme}.png` });
  }
  await p.waitForTimeout(1500);
  console.log(w, 'loaded by idle:', loaded.join(' '));
  await p.getByTestId('photo-file-input').setInputFiles(sample);
  await p.getByTestId('preset-select').selectOption({ label: 'Amazon main image' });
  await p.getByRole('radio', { name: 'Local' }).check();
  await p.getByRole('button', { name: /Run on local engine/ }).click();
  await p.getByTestId('download').waitFor({ timeout: 150_000 });
  await p.waitForTimeout(500);
  for (const scheme of ['light', 'dark']) {
    await p.emulateMedia({ colorScheme: scheme });
    await p.screenshot({ path: `/tmp/bundle/after-run-${w}-${scheme}.png`, fullPage: w === 390 });
  }
  // A fresh load with the session restored (results + preset): the lazy views come back in place.
  await p.reload();
  await p.getByRole('region', { name: 'Run' }).waitFor();
  await p.screenshot({ path: `/tmp/bundle/after-reload-${w}-dark.png` });
  await p.getByTestId('preset-save').click();
  await p.waitForTimeout(300);
  await p.screenshot({ path: `/tmp/bundle/after-save-${w}-dark.png` });
  await ctx.close();
}
await b.close();
