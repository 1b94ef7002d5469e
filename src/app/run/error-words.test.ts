import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../recipe/index.ts';
import { errorWords } from './error-words.ts';

const error = (code: string, message: string, path?: string): ApiError =>
  ({ code, message, ...(path ? { path } : {}) }) as ApiError;

describe('errorWords', () => {
  it('says a failed URL fetch in a designer’s words, with what to do', () => {
    const words = errorWords(error('url-fetch-failed', 'imageUrl: host does not resolve', 'imageUrl'));
    expect(words.title).toBe('Backdrop could not download the photo at that address.');
    expect(words.hint).toContain('drop the file here instead');
    expect(words.title).not.toContain('imageUrl');
  });

  it('names the thing a refused address was for', () => {
    const words = errorWords(error('url-refused', 'x', 'background.replace'));
    expect(words.title).toBe(
      'Backdrop does not fetch the backdrop image from that address: it is not on the public internet.',
    );
  });

  it('keeps other messages, with a leading field name put in words', () => {
    expect(errorWords(error('decode-failed', 'imageUrl: not a recognised image', 'imageUrl')).title).toBe(
      'The photo at that address: not a recognised image',
    );
    expect(errorWords(error('no-credits', 'Not enough credits')).title).toBe('Not enough credits');
    expect(errorWords(error('no-credits', 'Not enough credits')).hint).toBeUndefined();
  });
});
