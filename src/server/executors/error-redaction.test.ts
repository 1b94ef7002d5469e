import { describe, expect, it } from 'vitest';
import { mapClaidError } from './claid-errors.ts';
import { mapDeepImageError } from './deep-image-errors.ts';
import type { ProviderResponse } from './provider-http.ts';

const KEY = 'canary-KEY-0123456789abcdefghijklmnop';

/** A non-JSON error body whose echoed key straddles the 80-character cut of the quoted snippet. */
function garbageEchoingKey(status: number): ProviderResponse {
  const text = `${'x'.repeat(70)} ${KEY} trailing`;
  return { status, headers: new Headers(), text, json: undefined };
}

describe('provider error messages never carry any part of a key', () => {
  for (const [name, map] of [
    ['claid', (r: ProviderResponse) => mapClaidError(r, [KEY])],
    ['deep-image', (r: ProviderResponse) => mapDeepImageError(r, [KEY])],
  ] as const) {
    it(`${name}: a key echoed across the snippet's cut is redacted, not truncated`, () => {
      for (const status of [400, 502]) {
        const error = map(garbageEchoingKey(status));
        expect(error.message).toContain('non-JSON');
        // Any 8-character piece of the key would be a leak.
        for (let i = 0; i + 8 <= KEY.length; i++) expect(error.message).not.toContain(KEY.slice(i, i + 8));
      }
    });
  }
});
