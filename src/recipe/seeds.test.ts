/* eslint-disable no-restricted-imports -- tests run in Node and read the seed pages from disk */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, print, type Dialect } from './index.ts';
import fixtures from './fixtures/seed-examples.json' with { type: 'json' };

const SEEDS = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
const PAGES: Record<Dialect, string> = {
  claid: 'claid-background.md',
  'deep-image': 'deep-image-background.md',
};

interface Example {
  dialect: Dialect;
  index: number;
  text: string;
}

/** Every fenced block on a seed page whose content is JSON or a JSON fragment (`"operations": {...}`). */
function extractExamples(dialect: Dialect, markdown: string): Example[] {
  const examples: Example[] = [];
  for (const match of markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
    const text = match[1]!;
    if (/^\s*[{"]/.test(text)) examples.push({ dialect, index: examples.length + 1, text });
  }
  return examples;
}

/** The docs show fragments like `"operations": {...}`; a request is the object around them. */
const asDocument = (text: string) => (text.trim().startsWith('"') ? `{${text}}` : text);

function checkRoundTrip({ dialect, text }: Example) {
  const result = parse(asDocument(text), dialect);
  expect(result.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  expect(result.ok).toBe(true);
  const printed = print(result.request!, dialect);
  // JSON.stringify compares values AND key order.
  expect(JSON.stringify(JSON.parse(printed))).toBe(JSON.stringify(JSON.parse(asDocument(text))));
  expect(print(parse(printed, dialect).request!, dialect)).toBe(printed);
  return result;
}

describe('seed examples (fixture copy, always present)', () => {
  const examples = fixtures as Example[];
  it('holds examples of both dialects', () => {
    expect(examples.filter((example) => example.dialect === 'claid').length).toBeGreaterThanOrEqual(16);
    expect(examples.filter((example) => example.dialect === 'deep-image').length).toBeGreaterThanOrEqual(9);
  });
  it.each(examples.map((example) => [`${example.dialect} #${example.index}`, example] as const))(
    '%s parses without errors and prints back equal',
    (_name, example) => {
      checkRoundTrip(example);
    },
  );
  it('recognises the legacy Deep-Image form, warns and offers the modern one', () => {
    const legacy = examples.filter((example) => example.text.includes('remove_background'));
    expect(legacy.length).toBe(2);
    for (const example of legacy) {
      const result = checkRoundTrip(example);
      expect(result.issues.find((issue) => issue.code === 'legacy-remove-background')?.path).toBe(
        'remove_background',
      );
      expect(result.legacy?.path).toBe('remove_background');
      expect(result.legacy?.modern).toHaveProperty('background.remove');
      expect(
        parse(JSON.stringify(result.legacy!.modern), 'deep-image').issues.map((i) => i.code),
      ).not.toContain('legacy-remove-background');
    }
  });
});

describe.skipIf(!existsSync(SEEDS))('seed pages in ../shared/seeds (when present)', () => {
  for (const dialect of Object.keys(PAGES) as Dialect[]) {
    const examples = existsSync(SEEDS)
      ? extractExamples(dialect, readFileSync(SEEDS + PAGES[dialect], 'utf8'))
      : [];
    it(`${dialect}: the fixture copy matches the page`, () => {
      expect(examples.map(({ text }) => text)).toEqual(
        (fixtures as Example[]).filter((example) => example.dialect === dialect).map(({ text }) => text),
      );
    });
    it.each(examples.map((example) => [example.index, example] as const))(
      `${dialect} #%s parses without errors and prints back equal`,
      (_index, example) => {
        checkRoundTrip(example);
      },
    );
  }
});
