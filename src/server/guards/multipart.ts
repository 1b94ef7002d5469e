/**
 * A streaming multipart/form-data reader. Files go straight to disk as they arrive, so a 25 MB upload
 * costs a few 64 KB chunks of memory, not 25 MB (Request.formData() would buffer the whole body).
 * Every limit is enforced while reading and names the field it stopped at.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { HttpError, badRequest, formatBytes } from '../errors.ts';

export interface FieldRule {
  kind: 'text' | 'file';
  /** Bytes this field may hold. */
  maxBytes: number;
}

/** A received file: small ones stay in memory (`data`), larger ones are spilled to a temp file (`path`). */
export interface ReceivedFile {
  data?: Buffer;
  path?: string;
  bytes: number;
  filename: string;
  declaredType: string;
}

export interface MultipartResult {
  fields: Record<string, string>;
  files: Record<string, ReceivedFile>;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 8 * 1024;
const MAX_PARTS = 16;
/** Files up to this size stay in memory (fewer disk round trips for typical photos); larger ones spill to disk. */
const SPILL_BYTES = 1024 * 1024;

export function boundaryOf(contentType: string | undefined): string {
  const match =
    contentType && /^multipart\/form-data\b.*?;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match ? (match[1] ?? match[2]) : undefined;
  if (!boundary || boundary.length > 200) {
    throw new HttpError(415, {
      code: 'not-multipart',
      message:
        'Send the job as multipart/form-data with the fields image (or imageUrl), dialect, request and executor.',
      path: 'body',
    });
  }
  return boundary;
}

function parsePartHeaders(text: string): { name: string; filename?: string; type: string } {
  const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(text)?.[1] ?? '';
  const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(disposition)?.[1];
  if (name === undefined) throw badRequest('bad-multipart', 'A multipart part has no field name.', 'body');
  const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
  const type = /^content-type:\s*([^\r\n;]+)/im.exec(text)?.[1]?.trim() ?? '';
  return filename === undefined ? { name, type } : { name, filename, type };
}

/**
 * Reads `body` into text fields and temp files under `tempDir`. On any error the temp files written so
 * far are returned to the caller via `cleanup` (the caller deletes them).
 */
export async function readMultipart(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | undefined,
  rules: Record<string, FieldRule>,
  tempDir: string,
  onTempFile: (path: string) => void,
  declaredBytes?: number,
): Promise<MultipartResult> {
  const boundary = boundaryOf(contentType);
  if (!body) throw badRequest('bad-multipart', 'The request has no body.', 'body');
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const result: MultipartResult = { fields: {}, files: {} };

  // The leading CRLF lets the first boundary match the same delimiter as the others.
  let buffer: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
  let parts = 0;
  let current: {
    name: string;
    rule: FieldRule;
    filename?: string;
    type: string;
    size: number;
    isFile: boolean;
  } | null = null;
  let textChunks: Buffer[] = [];
  let file: WriteStream | null = null;

  const write = async (chunk: Buffer): Promise<void> => {
    if (!current || chunk.length === 0) return;
    current.size += chunk.length;
    if (current.size > current.rule.maxBytes) {
      const isFile = current.rule.kind === 'file';
      const actual =
        declaredBytes && declaredBytes > current.size
          ? `the upload is ${formatBytes(declaredBytes)}`
          : `more than ${formatBytes(current.size)} received`;
      throw new HttpError(413, {
        code: isFile ? 'file-too-large' : 'field-too-large',
        message: isFile
          ? `The ${current.name} is larger than this server's limit of ${formatBytes(current.rule.maxBytes)} (BACKDROP_MAX_UPLOAD_MB); ${actual}. Downscale or compress it and try again.`
          : `The field "${current.name}" is larger than its limit of ${formatBytes(current.rule.maxBytes)} (${actual}).`,
        path: current.name,
      });
    }
    if (!file && current.isFile && current.size > SPILL_BYTES) {
      // Past the in-memory threshold: from here on the file streams to disk.
      const path = join(tempDir, `upload-${randomUUID()}`);
      onTempFile(path);
      file = createWriteStream(path);
      for (const held of textChunks) if (!file.write(held)) await once(file, 'drain');
      textChunks = [];
    }
    if (file) {
      if (!file.write(chunk)) await once(file, 'drain');
    } else textChunks.push(chunk);
  };

  const finishPart = async (): Promise<void> => {
    if (!current) return;
    if (file) {
      const stream = file;
      file = null;
      await new Promise<void>((done, fail) => stream.end((err?: Error | null) => (err ? fail(err) : done())));
      result.files[current.name] = {
        path: stream.path as string,
        bytes: current.size,
        filename: current.filename ?? '',
        declaredType: current.type,
      };
    } else if (current.isFile) {
      const data = Buffer.concat(textChunks);
      textChunks = [];
      result.files[current.name] = {
        data,
        bytes: data.length,
        filename: current.filename ?? '',
        declaredType: current.type,
      };
    } else {
      result.fields[current.name] = Buffer.concat(textChunks).toString('utf8');
      textChunks = [];
    }
    current = null;
  };

  const startPart = (headerText: string): void => {
    const headers = parsePartHeaders(headerText);
    if (headers.name.trim() === '')
      throw badRequest('bad-multipart', 'A form field has an empty name.', 'body');
    const rule = Object.hasOwn(rules, headers.name) ? rules[headers.name] : undefined;
    if (!rule) {
      throw badRequest(
        'unknown-field',
        `Unknown form field "${headers.name.slice(0, 40)}". Expected: ${Object.keys(rules).join(', ')}.`,
        headers.name.slice(0, 40),
      );
    }
    if (headers.name in result.fields || headers.name in result.files) {
      throw badRequest('duplicate-field', `The field "${headers.name}" was sent twice.`, headers.name);
    }
    const isFile = headers.filename !== undefined;
    if (rule.kind === 'file' && !isFile) {
      throw badRequest('expected-file', `The field "${headers.name}" must be a file upload.`, headers.name);
    }
    if (rule.kind === 'text' && isFile) {
      throw badRequest(
        'expected-text',
        `The field "${headers.name}" must be text, not a file.`,
        headers.name,
      );
    }
    current = { name: headers.name, rule, type: headers.type, size: 0, isFile };
    if (headers.filename !== undefined) current.filename = headers.filename.slice(0, 200);
  };

  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer = buffer.length ? Buffer.concat([buffer, value]) : Buffer.from(value);
      // Consume as much of the buffer as the state machine can.
      for (;;) {
        if (state === 'preamble' || state === 'body') {
          const at = buffer.indexOf(delimiter);
          if (at === -1) {
            // Keep a tail that could be the start of a delimiter.
            const keep = Math.min(buffer.length, delimiter.length + 4);
            if (state === 'body') await write(buffer.subarray(0, buffer.length - keep));
            else if (buffer.length > MAX_HEADER_BYTES)
              throw badRequest('bad-multipart', 'No multipart boundary found.', 'body');
            buffer = buffer.subarray(buffer.length - keep);
            break;
          }
          if (buffer.length < at + delimiter.length + 2) break;
          if (state === 'body') {
            await write(buffer.subarray(0, at));
            await finishPart();
          }
          const after = buffer.subarray(at + delimiter.length, at + delimiter.length + 2).toString('latin1');
          if (after === '--') {
            state = 'done';
            buffer = Buffer.alloc(0);
            break;
          }
          buffer = buffer.subarray(at + delimiter.length);
          state = 'headers';
        }
        if (state === 'headers') {
          const end = buffer.indexOf(HEADER_END);
          if (end === -1) {
            if (buffer.length > MAX_HEADER_BYTES)
              throw badRequest('bad-multipart', 'A multipart part header is too long.', 'body');
            break;
          }
          if (++parts > MAX_PARTS)
            throw badRequest('bad-multipart', `More than ${MAX_PARTS} form fields.`, 'body');
          const headerText = buffer.subarray(0, end).toString('utf8');
          startPart(headerText.startsWith('\r\n') ? headerText.slice(2) : headerText);
          buffer = buffer.subarray(end + HEADER_END.length);
          state = 'body';
          continue;
        }
        break;
      }
      if (state === 'done') break;
    }
  } finally {
    const open = file as WriteStream | null;
    if (open) open.destroy();
    // The rest of the body (after an early refusal) is drained by drainUnreadBody.
    reader.releaseLock();
  }
  if (state !== 'done') {
    throw badRequest('bad-multipart', 'The multipart body ended early (no closing boundary).', 'body');
  }
  return result;
}
