/**
 * A fake Claid on 127.0.0.1 following Claid's API reference (https://docs.claid.ai/image-editing-api):
 * /v1-beta1 and /v1 image/edit/upload (multipart `file` + `data`) and image/edit (JSON `input`), Bearer
 * auth, x-request-id and RateLimit headers, tmp_url downloads. Scriptable per test (errors, 429, hangs, garbage, expired result URLs).
 */
import { randomUUID } from 'node:crypto';
import { createFakeServer, fakeResult, receive, sendJson, sendStored, type FakeServer } from './fake-http.ts';

const MIME: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  tiff: 'image/tiff',
};

function formatOf(data: { output?: { format?: unknown } } | undefined): string {
  const format = data?.output?.format;
  if (typeof format === 'string') return format;
  if (format && typeof format === 'object' && typeof (format as { type?: unknown }).type === 'string')
    return (format as { type: string }).type;
  return 'jpeg';
}

/** Claid's error shapes (see executors/claid/errors.ts) with `key` in every string field and every detail location. */
function echoedError(status: number, key: string): unknown {
  if (status === 422)
    return { detail: [{ loc: ['body', key, 'operations'], msg: `bad value ${key}`, type: key }] };
  const body = {
    error_code: key,
    error_type: key,
    error_message: `Invalid API key ${key}`,
    error_details: { [key]: [key], [`operations.${key}`]: `must not be ${key}` },
  };
  return status === 429 ? { detail: body } : body;
}

export function startFakeClaid(options: { port?: number } = {}): Promise<FakeServer> {
  const results = new Map<string, { data: Buffer; mime: string }>();
  let counter = 0;
  return createFakeServer(async (req, res, ctx) => {
    const { path, parsed } = await receive(req, ctx.record);

    const stored = /^\/storage\/([\w-]+)\.\w+$/.exec(path);
    if (stored && req.method === 'GET')
      return sendStored(res, results.get(stored[1]!), { error: 'not found' });
    const edit = /^\/(v1-beta1|v1)\/image\/edit(\/upload)?$/.exec(path);
    if (!edit || req.method !== 'POST') {
      return sendJson(res, 404, {
        error_code: 'not_found',
        error_type: 'general',
        error_message: `No route ${req.method} ${path}`,
      });
    }
    const requestId = `claid-req-${++counter}`;
    const headers = {
      'x-request-id': requestId,
      'ratelimit-limit': '120',
      'ratelimit-remaining': String(Math.max(0, 120 - counter)),
      'ratelimit-reset': '60',
    };
    const auth = req.headers.authorization ?? '';
    if (!/^Bearer \S+/.test(auth)) {
      return sendJson(
        res,
        401,
        {
          error_code: 'unauthorized',
          error_type: 'auth',
          error_message: 'Missing or invalid Authorization header',
          error_details: {},
        },
        headers,
      );
    }
    const step = ctx.next();
    const echo = step.kind === 'echo-key' ? auth.replace(/^Bearer\s+/, '') : undefined;
    if (echo) Object.assign(headers, { 'x-request-id': echo });
    if (step.kind === 'echo-key' && step.status !== 200)
      return sendJson(res, step.status, echoedError(step.status, echo!), headers);
    switch (step.kind) {
      case 'error':
        return sendJson(res, step.status, step.body, { ...headers, ...step.headers });
      case 'raw':
        res.writeHead(step.status, { 'content-type': step.contentType ?? 'text/html', ...headers });
        return void res.end(step.text);
      case 'hang':
        return; // never answers; the socket is destroyed when the fake closes
      case 'slow':
        await new Promise((r) => setTimeout(r, step.delayMs));
        break;
      default:
        break;
    }
    let data:
      { output?: { format?: unknown }; operations?: { background?: { color?: unknown } } } | undefined;
    try {
      data = edit[2] ? JSON.parse(parsed.fields.data ?? 'null') : (parsed.json as typeof data);
    } catch {
      return sendJson(
        res,
        422,
        { detail: [{ loc: ['body', 'data'], msg: 'Invalid JSON', type: 'value_error.json' }] },
        headers,
      );
    }
    if (edit[2] && !parsed.fileData) {
      return sendJson(
        res,
        422,
        { detail: [{ loc: ['body', 'file'], msg: 'field required', type: 'value_error.missing' }] },
        headers,
      );
    }
    const format = formatOf(data);
    const transparent =
      data?.operations?.background?.color === 'transparent' && ['png', 'webp', 'avif'].includes(format);
    const result = await fakeResult(parsed.fileData, format, transparent, echo);
    const token = randomUUID();
    const ext = format === 'jpeg' ? 'jpg' : format;
    const cut = (data: Buffer) =>
      Buffer.concat([data.subarray(0, Math.floor(data.length * 0.6)), Buffer.from([0xff, 0xd9])]);
    const bytes = step.kind === 'damaged-result' ? cut(result.data) : result.data;
    if (step.kind !== 'expired-result')
      results.set(token, { data: bytes, mime: MIME[format] ?? 'image/png' });
    return sendJson(
      res,
      200,
      {
        data: {
          input: {
            ext: 'png',
            mps: 0.01,
            mime: parsed.files.file?.type ?? 'image/png',
            format: 'png',
            width: result.width,
            height: result.height,
          },
          output: {
            ext,
            mps: (result.width * result.height) / 1e6,
            mime: MIME[format],
            format,
            width: result.width,
            height: result.height,
            tmp_url: `${ctx.url()}/storage/${token}.${ext}${echo ? `?echo=${echo}` : ''}`,
            object_key: echo ?? null,
          },
        },
      },
      headers,
    );
  }, options.port);
}
