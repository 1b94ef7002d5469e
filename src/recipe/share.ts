/**
 * Share links: `r1.` + base64url(deflate(JSON {d: dialect, r: request, f?: finish})). Decoding treats the
 * fragment as hostile: it caps the fragment and the inflated size, and checks the version, the JSON, the
 * dialect and the finishing settings (`f`, Backdrop's own, optional: links without it stay valid, and a
 * link whose `f` does not validate still opens its request, with `finishProblem` saying what was dropped).
 */
import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import type { Dialect, JsonObject } from './types.ts';
import { dialectChoices, isDialect } from './dialects.ts';
import { isObject } from './json.ts';
import { isEmptyFinish, parseFinish, type Finish } from './finish.ts';

const VERSION = 'r1.';
/** Browsers handle long URLs, but a request never needs more than this; anything bigger is not ours. */
const MAX_FRAGMENT_CHARS = 32_000;
const MAX_INFLATED_BYTES = 256_000;

/**
 * A preset deflate dictionary of the fragments every request repeats, so a typical link is a few dozen
 * characters instead of a hundred. Part of the `r1` format: changing it means a new version prefix.
 */
const DICTIONARY = /* @__PURE__ */ strToU8(
  '{"d":"deep-image","r":{"url":"https://","width":1000,"height":1000,"min_length":"fit":{"crop":"item"},' +
    '"background":{"remove":"auto","prompt":"","color":"#FFFFFF","replace":"https://","generate":{"description":' +
    '"item standing on ","item_area_percentage":0.65,"sample_num":"color":[255,255,255],"background_url":"https://"},' +
    '"padding":"10%","output_format":"png","quality":90}}' +
    '{"d":"claid","r":{"operations":{"resizing":{"width":1000,"height":1000,"fit":"bounds"},"background":{"remove":' +
    '{"selective":{"object_to_keep":"bottle"},"category":"products","clipping":true},"color":"transparent",' +
    '"blur":{"category":"general","type":"regular","level":"medium"}},"padding":"10%"},"output":{"format":"png"}}}',
);

export function encodeShare(dialect: Dialect, request: JsonObject, finish?: Finish | null): string {
  const body = isEmptyFinish(finish) ? { d: dialect, r: request } : { d: dialect, r: request, f: finish };
  const packed = deflateSync(strToU8(JSON.stringify(body)), {
    level: 9,
    dictionary: DICTIONARY,
  });
  return VERSION + toBase64Url(packed);
}

export type DecodedShare =
  | { ok: true; dialect: Dialect; request: JsonObject; finish?: Finish; finishProblem?: string }
  | { ok: false; message: string };

export function decodeShare(fragment: string): DecodedShare {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const fail = (message: string): DecodedShare => ({ ok: false, message });
  if (body.length > MAX_FRAGMENT_CHARS) return fail('This share link is too long to be a Backdrop request.');
  if (!body.startsWith(VERSION)) {
    return fail(
      /^r\d+\./.test(body)
        ? `This share link was made by a newer Backdrop (${body.slice(0, body.indexOf('.'))}); update Backdrop to open it.`
        : 'This is not a Backdrop share link (it should start with "r1.").',
    );
  }
  const payload = body.slice(VERSION.length);
  if (!/^[A-Za-z0-9_-]*$/.test(payload))
    return fail('This share link is damaged: it has characters a share link never contains.');
  let text: string;
  try {
    text = inflateCapped(fromBase64Url(payload));
  } catch (error) {
    return fail(
      error instanceof ShareTooLarge
        ? error.message
        : 'This share link is damaged: it could not be unpacked.',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('This share link is damaged: its content is not JSON.');
  }
  if (!isObject(value) || !isObject(value.r)) return fail('This share link does not contain a request.');
  if (!isDialect(value.d)) {
    return fail(
      `This share link names an unknown provider (${JSON.stringify(value.d)}); Backdrop knows ${dialectChoices('and')}.`,
    );
  }
  const opened = { ok: true as const, dialect: value.d as Dialect, request: value.r };
  if (value.f === undefined) return opened;
  const finish = parseFinish(value.f);
  if (finish.ok) return { ...opened, finish: finish.finish };
  const first = finish.issues[0];
  return {
    ...opened,
    finishProblem: `its finishing settings were left out (${first ? `${first.path}: ${first.message}` : 'invalid'})`,
  };
}

class ShareTooLarge extends Error {}

function inflateCapped(data: Uint8Array): string {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflater = new Inflate({ dictionary: DICTIONARY }, (chunk, final) => {
    total += chunk.length;
    if (total > MAX_INFLATED_BYTES)
      throw new ShareTooLarge('This share link unpacks to far more than a request; it was not opened.');
    chunks.push(chunk);
    if (final) done = true;
  });
  // Small input pieces bound how much one push can inflate before the cap is checked.
  for (let at = 0; at < data.length; at += 1024)
    inflater.push(data.subarray(at, at + 1024), at + 1024 >= data.length);
  if (data.length === 0 || !done) throw new Error('truncated');
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return strFromU8(joined);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new Error('bad base64 length');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
