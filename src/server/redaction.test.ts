/** The Redactor: whole secrets, pieces of them, every string of a nested value, bytes. */
import { describe, expect, it } from 'vitest';
import { MIN_PIECE, REDACTED, Redactor } from './redaction.ts';

const KEY = 'canary-KEY-0123456789abcdefghijklmnop';
const TOKEN = 'token-for-tests-9876543210';
const redactor = new Redactor([KEY, undefined, TOKEN, '']);

/** Every piece of `secret` of MIN_PIECE characters; none may survive redaction. */
function expectNoPiece(text: string, secret: string): void {
  for (let i = 0; i + MIN_PIECE <= secret.length; i++)
    expect(text).not.toContain(secret.slice(i, i + MIN_PIECE));
}

describe('Redactor.text', () => {
  it('replaces a whole secret, a secret cut short at either end, and several in one string', () => {
    expect(redactor.text(`Invalid key ${KEY}.`)).toBe(`Invalid key ${REDACTED}.`);
    expect(redactor.text(`key ${KEY.slice(0, 12)}… rejected`)).toBe(`key ${REDACTED}… rejected`);
    expect(redactor.text(`…${KEY.slice(-9)}`)).toBe(`…${REDACTED}`);
    const both = redactor.text(`${TOKEN}/${KEY}/${TOKEN}`);
    expect(both).toBe(`${REDACTED}/${REDACTED}/${REDACTED}`);
  });

  it('leaves text without a piece of a secret alone, including pieces shorter than MIN_PIECE', () => {
    const plain = 'Claid rejected the request (422): operations.background.color: invalid colour';
    expect(redactor.text(plain)).toBe(plain);
    expect(redactor.text(`id ${KEY.slice(0, MIN_PIECE - 1)}`)).toBe(`id ${KEY.slice(0, MIN_PIECE - 1)}`);
  });

  it('a key straddling an 80-character snippet cut leaves no piece of it', () => {
    const snippet = `${'x'.repeat(70)} ${KEY} trailing`.slice(0, 80);
    const out = redactor.text(snippet);
    expectNoPiece(out, KEY);
    expect(out).toContain(REDACTED);
  });

  it('a secret shorter than MIN_PIECE is matched whole', () => {
    expect(new Redactor(['abc12']).text('x abc12 y abc1')).toBe(`x ${REDACTED} y abc1`);
  });
});

describe('Redactor.deep', () => {
  it('redacts every string of a nested value, object keys included, without touching the input', () => {
    const value = {
      path: `operations.${KEY}`,
      list: [KEY, 1, true, null, { [KEY]: [`x ${TOKEN}`] }],
      nested: { a: { b: { c: KEY.slice(3, 20) } } },
    };
    const copy = structuredClone(value);
    const out = redactor.deep(value);
    expect(value).toEqual(copy);
    expectNoPiece(JSON.stringify(out), KEY);
    expectNoPiece(JSON.stringify(out), TOKEN);
    expect(out.list.slice(1, 4)).toEqual([1, true, null]);
    expect(out.path).toBe(`operations.${REDACTED}`);
  });

  it('turns an Error into a plain one with its message redacted; passes binary data through', () => {
    const error = redactor.deep(new Error(`boom ${KEY}`));
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(`boom ${REDACTED}`);
    const bytes = Buffer.from(KEY);
    expect(redactor.deep({ bytes }).bytes).toBe(bytes);
  });

  it('with no secrets configured returns the value itself', () => {
    const value = { a: 'b' };
    expect(new Redactor([undefined, '']).deep(value)).toBe(value);
  });
});

describe('Redactor.bytesContain', () => {
  it('finds a whole secret in binary data', () => {
    expect(
      redactor.bytesContain(Buffer.concat([Buffer.alloc(100, 7), Buffer.from(KEY), Buffer.alloc(9)])),
    ).toBe(true);
    expect(redactor.bytesContain(Buffer.from(KEY.slice(0, 20)))).toBe(false);
  });
});
