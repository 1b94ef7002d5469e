import { describe, expect, it } from 'vitest';
import { contentDisposition } from './content-disposition.ts';

describe('contentDisposition', () => {
  it('gives an ASCII filename and the UTF-8 name in filename*', () => {
    expect(contentDisposition('inline', 'Café crème-backdrop.jpg')).toBe(
      `inline; filename="Caf_cr_me-backdrop.jpg"; filename*=UTF-8''Caf%C3%A9%20cr%C3%A8me-backdrop.jpg`,
    );
  });

  it('keeps quotes, separators and RFC 8187 reserved characters out of both parameters', () => {
    expect(contentDisposition('attachment', `a"b;c'(d)*.png`)).toBe(
      `attachment; filename="a_b_c_d_.png"; filename*=UTF-8''a%22b%3Bc%27%28d%29%2A.png`,
    );
  });
});
