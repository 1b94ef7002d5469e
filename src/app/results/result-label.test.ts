import { describe, expect, it } from 'vitest';
import type { ExecutorId, JobView, JsonObject } from '../../recipe/index.ts';
import type { ResultEntry } from '../state/session-store.ts';
import { requestParts, resultLabel } from './result-label.ts';
import { downloadName, labelSuffix } from '../../recipe/index.ts';

let n = 0;
function result(request: JsonObject, opts: { photoId?: string; executor?: ExecutorId; name?: string } = {}) {
  const entry: ResultEntry = {
    id: `r${n++}`,
    photoId: opts.photoId ?? 'p1',
    executor: opts.executor ?? 'local',
    dialect: 'background' in request ? 'deep-image' : 'claid',
    requestText: JSON.stringify(request, null, 2),
    createdAt: 0,
    job: { status: 'done' } as JobView,
    blob: new Blob(['x'], { type: 'image/png' }),
  };
  if (opts.name) entry.name = opts.name;
  return entry;
}

const blur = (type: string, level: string) => ({
  operations: { background: { blur: { category: 'general', type, level } } },
});

describe('requestParts', () => {
  it('sums a request up panel by panel in the panels’ words', () => {
    const parts = requestParts('claid', JSON.stringify(blur('lens', 'high')));
    expect(parts.map((p) => p.text)).toEqual(['Blur', 'General', 'Lens', 'High']);
  });

  it('puts width and height together, quotes a description and names formats', () => {
    const text = JSON.stringify({
      background: { generate: { description: 'a mug on a wooden table by a sunny window' } },
      width: 1000,
      height: 800,
      output_format: 'jpg',
    });
    expect(requestParts('deep-image', text).map((p) => p.text)).toEqual([
      'Generate',
      '“a mug on a wooden table…”',
      '1000 × 800',
      'JPG',
    ]);
  });

  it('gives nothing for text that is not a JSON object', () => {
    expect(requestParts('claid', '{ nope')).toEqual([]);
    expect(requestParts('claid', '[1]')).toEqual([]);
  });
});

describe('resultLabel', () => {
  it('says the whole summary when the photo has one result', () => {
    const r = result({ operations: { background: { remove: { category: 'cars' } } } });
    expect(resultLabel(r, [r])).toBe('Cut out · Cars');
  });

  it('keeps only what differs between variants of one photo, with the operation’s name', () => {
    const a = result(blur('lens', 'high'));
    const b = result(blur('regular', 'high'));
    const c = result(blur('regular', 'low'), { photoId: 'other' });
    expect(resultLabel(a, [a, b, c])).toBe('Blur · Lens');
    expect(resultLabel(b, [a, b, c])).toBe('Blur · Regular');
  });

  it('falls back to the executor, then to the summary, when the requests are the same', () => {
    const a = result(blur('lens', 'high'), { executor: 'local' });
    const b = result(blur('lens', 'high'), { executor: 'claid' });
    expect(resultLabel(a, [a, b])).toBe('Local');
    const c = result(blur('lens', 'high'));
    expect(resultLabel(c, [a, c])).toBe('Blur · General · Lens · High');
  });

  it('shows the name the user gave', () => {
    const a = result(blur('lens', 'high'), { name: 'Hero shot' });
    expect(resultLabel(a, [a])).toBe('Hero shot');
  });
});

describe('download names from labels', () => {
  it('turns a summary into a lower-case slug and keeps a typed name’s words', () => {
    expect(downloadName('mug.jpg', 'image/png', labelSuffix('Blur · Lens · High', false))).toBe(
      'mug-blur-lens-high.png',
    );
    expect(labelSuffix('Cut out · #FFFFFF · 1000 × 800', false)).toBe('cut-out-ffffff-1000-800');
    // The format is said by the extension already.
    expect(downloadName('mug.jpg', 'image/png', labelSuffix('Blur · Lens · PNG', false))).toBe(
      'mug-blur-lens.png',
    );
    expect(downloadName('mug.jpg', 'image/jpeg', labelSuffix('JPEG', false))).toBe('mug-backdrop.jpg');
    expect(labelSuffix('“glass of beer”', false)).toBe('glass-of-beer');
    expect(labelSuffix('Hero shot: v2/final', true)).toBe('Hero shot- v2-final');
    expect(labelSuffix('···', false)).toBe('backdrop');
  });
});
