/** Shared plumbing for the fake provider servers: recording, scripting, multipart, result images. */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sharp from 'sharp';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Text fields of a multipart body, or the JSON body's keys as text. */
  fields: Record<string, string>;
  files: Record<string, { filename: string; type: string; bytes: number }>;
  json?: unknown;
}

/** One scripted answer for the provider's main endpoint; when the script is empty the fake succeeds. */
export type ScriptStep =
  | { kind: 'ok' }
  | { kind: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; status: number; text: string; contentType?: string }
  | { kind: 'hang' }
  | { kind: 'slow'; delayMs: number }
  /** Success, but the result URL answers 404 (expired). */
  | { kind: 'expired-result' }
  /** Claid: success, but the result file is cut short (its first 60% + the JPEG end marker). */
  | { kind: 'damaged-result' }
  /** Deep-Image: answer with a job to poll; complete after `polls` polls (never when Infinity). */
  | { kind: 'async'; polls: number }
  /** Deep-Image: the job fails while polling. */
  | { kind: 'async-failed'; polls: number }
  /**
   * A provider that echoes the API key it was sent: answers `status` with the key planted in every field
   * that answer's documented shape has (error codes, messages, paths, detail locations, job ids, the
   * x-request-id header, the result URL) and, on success, in the result image's EXIF metadata.
   * Deep-Image with `polls` answers with a job (id = the key) to poll first.
   */
  | { kind: 'echo-key'; status: number; polls?: number };

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  /** Queue answers for the next calls of the main endpoint. */
  script(...steps: ScriptStep[]): void;
  /** Clears the script, the recorded requests, the latency and the counts below. */
  reset(): void;
  /** Delays every POST (a provider's main call) by `ms` before it is answered: a provider's fixed latency. */
  latency(ms: number): void;
  /** The most POSTs (main calls) in flight at once since the last reset: what a shared limit must cap. */
  peakConcurrency(): number;
  /** Times (ms since epoch) at which a caller hung up before its answer was complete (an aborted call). */
  aborted: number[];
  close(): Promise<void>;
}

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function parseBody(
  req: http.IncomingMessage,
  body: Buffer,
): Promise<Pick<RecordedRequest, 'fields' | 'files' | 'json'> & { fileData?: Buffer }> {
  const type = req.headers['content-type'] ?? '';
  const out: Pick<RecordedRequest, 'fields' | 'files' | 'json'> & { fileData?: Buffer } = {
    fields: {},
    files: {},
  };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') out.fields[name] = value;
      else {
        const data = Buffer.from(await value.arrayBuffer());
        out.files[name] = { filename: value.name, type: value.type, bytes: data.length };
        out.fileData = data;
      }
    }
  } else if (type.includes('json')) {
    try {
      out.json = JSON.parse(body.toString('utf8'));
    } catch {
      out.json = undefined;
    }
  }
  return out;
}

/** Every fake's first step: read the body, parse it, and record the request for the test to inspect. */
export async function receive(
  req: http.IncomingMessage,
  record: (r: RecordedRequest) => void,
): Promise<{ path: string; parsed: Awaited<ReturnType<typeof parseBody>> }> {
  const path = (req.url ?? '/').split('?')[0]!;
  const parsed = await parseBody(req, await readBody(req));
  record({
    method: req.method ?? '',
    path,
    headers: req.headers,
    fields: parsed.fields,
    files: parsed.files,
    ...(parsed.json !== undefined ? { json: parsed.json } : {}),
  });
  return { path, parsed };
}

/** Serves a result the fake stored earlier (its tmp_url / result_url), or the provider's 404 body. */
export function sendStored(
  res: http.ServerResponse,
  stored: { data: Buffer; mime: string } | undefined,
  notFound: unknown,
): void {
  if (!stored) return sendJson(res, 404, notFound);
  res.writeHead(200, { 'content-type': stored.mime, 'content-length': stored.data.length });
  res.end(stored.data);
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The "happy" result: the input re-encoded with a visible change (colours inverted). */
export async function fakeResult(
  input: Buffer | undefined,
  format: string,
  transparent: boolean,
  /** Written into the result's EXIF (ImageDescription, Copyright), as a provider echoing text would. */
  metadataText?: string,
): Promise<{ data: Buffer; width: number; height: number }> {
  // Providers decode HEIC, which this sharp cannot: answer with a flat image of the size its header says.
  const decodable =
    input &&
    (await sharp(input)
      .stats()
      .then(
        () => true,
        () => false,
      ));
  const size = input && !decodable ? await sharp(input).metadata() : { width: 64, height: 48 };
  let image = decodable
    ? sharp(input).rotate().negate({ alpha: false })
    : sharp({
        create: { width: size.width ?? 64, height: size.height ?? 48, channels: 3, background: '#3366cc' },
      });
  if (transparent) image = image.ensureAlpha(0.5);
  if (metadataText)
    image = image.withExif({ IFD0: { ImageDescription: metadataText, Copyright: metadataText } });
  const fmt = (
    ['jpeg', 'png', 'webp', 'avif', 'tiff'].includes(format) ? format : format === 'jpg' ? 'jpeg' : 'png'
  ) as 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff';
  const { data, info } = await image.toFormat(fmt).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export function createFakeServer(
  handle: (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    ctx: { url: () => string; next: () => ScriptStep; record: (r: RecordedRequest) => void },
  ) => Promise<void>,
  port = 0,
): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const aborted: number[] = [];
  let steps: ScriptStep[] = [];
  let latencyMs = 0;
  let inFlight = 0;
  let peak = 0;
  const sockets = new Set<Socket>();
  let base = '';
  const server = http.createServer(async (req, res) => {
    const main = req.method === 'POST';
    if (main) peak = Math.max(peak, ++inFlight);
    res.on('close', () => {
      if (main) inFlight--;
      if (!res.writableFinished) aborted.push(Date.now());
    });
    if (main && latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    handle(req, res, {
      url: () => base,
      next: () => steps.shift() ?? { kind: 'ok' },
      record: (r) => requests.push(r),
    }).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: `fake crashed: ${String(error)}` });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url: base,
        requests,
        script: (...more) => steps.push(...more),
        reset: () => {
          steps = [];
          requests.length = 0;
          aborted.length = 0;
          latencyMs = 0;
          peak = 0;
        },
        latency: (ms) => {
          latencyMs = ms;
        },
        peakConcurrency: () => peak,
        aborted,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
