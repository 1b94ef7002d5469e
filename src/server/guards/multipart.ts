/**
 * Streaming multipart/form-data on busboy. Small files stay in memory, larger ones stream to a temp file
 * (a 25 MB upload costs a few 64 KB chunks of memory, not 25 MB; Request.formData() would buffer it
 * all). Every limit is enforced while reading and every refusal names the field (and the file's name).
 * On any failure — a limit, a malformed body, the client going away, a disk error — reading stops and
 * every temp file written so far is removed before the error is thrown.
 *
 * Many files may share one field name (`images`, hundreds per request) when the field's rule allows it.
 */
import { once } from 'node:events';
import { unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { HttpError, badRequest, formatBytes } from '../errors.ts';
import { SpillFile } from './spill-file.ts';

export interface FieldRule {
  kind: 'text' | 'file';
  /** Bytes one part of this field may hold. */
  maxBytes: number;
  /** Parts this field may carry (default 1). A file field with more takes many files, e.g. `images`. */
  maxCount?: number;
  /** Named in the size refusal of a file, e.g. `BACKDROP_MAX_UPLOAD_MB`. */
  limitSetting?: string;
}

/** A received file: small ones stay in memory (`data`), larger ones are spilled to a temp file (`path`). */
export interface ReceivedFile {
  field: string;
  /** Position among this field's files, from 0. */
  index: number;
  data?: Buffer;
  path?: string;
  bytes: number;
  /** The client's file name (base name only, control characters removed, at most 200 characters). */
  filename: string;
  declaredType: string;
}

export interface MultipartOptions {
  /** Where larger files spill (the store's temp folder, so a job can take them over by rename). */
  tempDir: string;
  /** Cap on the whole body in bytes; default: every rule's maxBytes × maxCount, plus 1 MB. */
  maxTotalBytes?: number;
  /** The declared Content-Length, quoted in a size refusal. */
  declaredBytes?: number;
  /** Files up to this size stay in memory (default 1 MB). */
  spillBytes?: number;
  /** What all in-memory files together may hold (default 16 MB); past it every further file spills. */
  memoryBytes?: number;
  /**
   * Called as each file part completes, before the next part is read (a slow callback slows the
   * upload). Throwing refuses the upload. Files stay owned by the form: `dispose()` removes temp files
   * the callback did not move away.
   */
  onFile?: (file: ReceivedFile) => Promise<void> | void;
}

/** The fields and files of one multipart body. Call `dispose()` when done (removes spilled files). */
export class ReceivedForm {
  readonly fields = new Map<string, string[]>();
  readonly fileList: ReceivedFile[] = [];
  readonly tempPaths: string[] = [];

  /** The (first) value of a text field. */
  text(name: string): string | undefined {
    return this.fields.get(name)?.[0];
  }

  /** The (first) file of a file field. */
  file(name: string): ReceivedFile | undefined {
    return this.fileList.find((f) => f.field === name);
  }

  /** Every file of a file field, in the order received. */
  files(name: string): ReceivedFile[] {
    return this.fileList.filter((f) => f.field === name);
  }

  /** Parts received so far under `name` (text values and files). */
  count(name: string): number {
    return (this.fields.get(name)?.length ?? 0) + this.files(name).length;
  }

  /** Removes every temp file still in the temp folder (moved ones are skipped). Safe to call twice. */
  async dispose(): Promise<void> {
    const paths = this.tempPaths.splice(0);
    await Promise.all(paths.map((p) => unlink(p).catch(() => {})));
  }
}

const SPILL_BYTES = 1024 * 1024;
const MEMORY_BYTES = 16 * 1024 * 1024;
const EXPECTED =
  'Send the job as multipart/form-data with the fields image (or imageUrl), dialect, request and executor.';

function boundaryOf(contentType: string | undefined): string {
  const match =
    contentType && /^multipart\/form-data\b.*?;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match ? (match[1] ?? match[2]) : undefined;
  if (!boundary || boundary.length > 200) {
    throw new HttpError(415, { code: 'not-multipart', message: EXPECTED, path: 'body' });
  }
  return boundary;
}

/** What a refusal points at: `image`, or `images[3]` for one of many files. */
const pathOf = (rule: FieldRule, field: string, index: number) =>
  (rule.maxCount ?? 1) > 1 ? `${field}[${index}]` : field;

const cleanName = (name: string | undefined) =>
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  (name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);

/**
 * Reads `body` into a ReceivedForm. Throws HttpError: 415 not-multipart; 400 bad-multipart,
 * unknown-field, duplicate-field, expected-file, expected-text, bad-upload (the client's stream broke);
 * 413 file-too-large, field-too-large, too-many-files, body-too-large. Nothing is left on disk on throw.
 */
export async function readMultipart(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | undefined,
  rules: Record<string, FieldRule>,
  options: MultipartOptions,
): Promise<ReceivedForm> {
  boundaryOf(contentType);
  if (!body) throw badRequest('bad-multipart', 'The request has no body.', 'body');
  const form = new ReceivedForm();
  const reading = new MultipartReading(form, rules, options, contentType!);
  try {
    await reading.run(body);
    return form;
  } catch (error) {
    await form.dispose();
    throw error;
  }
}

class MultipartReading {
  private readonly stop = new AbortController();
  private failure: unknown;
  private readonly tasks: Promise<void>[] = [];
  private readonly parser: busboy.Busboy;
  private readonly maxTotal: number;
  private received = 0;
  private heldBytes = 0;
  /** The part being read, for naming it when the body as a whole goes wrong. */
  private current: { path: string; filename?: string } | null = null;

  constructor(
    private readonly form: ReceivedForm,
    private readonly rules: Record<string, FieldRule>,
    private readonly options: MultipartOptions,
    contentType: string,
  ) {
    const all = Object.values(rules);
    const slots = all.reduce((sum, rule) => sum + (rule.maxCount ?? 1), 0);
    this.maxTotal =
      options.maxTotalBytes ??
      all.reduce((sum, rule) => sum + rule.maxBytes * (rule.maxCount ?? 1), 0) + 1024 * 1024;
    const maxText = Math.max(0, ...all.filter((r) => r.kind === 'text').map((r) => r.maxBytes));
    this.parser = busboy({
      headers: { 'content-type': contentType },
      // Past these busboy stops emitting; one byte / one part over our own limits is enough to see it.
      limits: { fieldSize: maxText + 1, parts: slots + 1, fieldNameSize: 200, headerPairs: 64 },
    });
    this.parser.on('file', (name, stream, info) => this.onFile(name, stream, info));
    this.parser.on('field', (name, value, info) => this.guard(() => this.onField(name, value, info)));
    this.parser.on('partsLimit', () =>
      this.fail(badRequest('bad-multipart', `More than ${slots} form fields.`, 'body')),
    );
    this.parser.on('error', (error: unknown) => this.fail(this.malformed(error)));
  }

  async run(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read().catch((error: unknown) => {
          throw this.fail(this.broken(error));
        });
        if (this.failure || done) break;
        this.received += value.length;
        if (this.received > this.maxTotal) throw this.fail(this.bodyTooLarge());
        if (!this.parser.write(value)) await this.until('drain');
      }
      if (!this.failure) {
        this.parser.end();
        await this.until('close');
        await Promise.all(this.tasks);
      }
    } catch (error) {
      this.fail(error);
    } finally {
      // After an early refusal the rest of the body is drained by drainUnreadBody (or the socket closed).
      reader.releaseLock();
    }
    if (this.failure) {
      this.parser.destroy();
      await Promise.allSettled(this.tasks);
      throw this.failure;
    }
  }

  /** Waits for a parser event, or for the first failure anywhere (then throws it). */
  private async until(event: 'drain' | 'close'): Promise<void> {
    try {
      await once(this.parser, event, { signal: this.stop.signal });
    } catch (error) {
      throw this.fail(error);
    }
    if (this.failure) throw this.failure;
  }

  /** Records the first failure and stops everything; returns the failure to throw. */
  private fail(error: unknown): unknown {
    if (!this.failure) {
      this.failure = error instanceof HttpError ? error : this.malformed(error);
      this.stop.abort();
    }
    return this.failure;
  }

  private guard(step: () => void): void {
    if (this.failure) return;
    try {
      step();
    } catch (error) {
      this.fail(error);
    }
  }

  private ruleFor(name: string | undefined, isFile: boolean): FieldRule {
    if (name === undefined || name.trim() === '')
      throw badRequest('bad-multipart', 'A form field has no name.', 'body');
    const rule = Object.hasOwn(this.rules, name) ? this.rules[name] : undefined;
    if (!rule) {
      throw badRequest(
        'unknown-field',
        `Unknown form field "${name.slice(0, 40)}". Expected: ${Object.keys(this.rules).join(', ')}.`,
        name.slice(0, 40),
      );
    }
    const max = rule.maxCount ?? 1;
    if (this.form.count(name) >= max) {
      if (max === 1) throw badRequest('duplicate-field', `The field "${name}" was sent twice.`, name);
      throw new HttpError(413, {
        code: 'too-many-files',
        message: `The field "${name}" takes at most ${max} ${rule.kind === 'file' ? 'files' : 'values'} per request. Send the rest in another request.`,
        path: name,
      });
    }
    if (rule.kind === 'file' && !isFile)
      throw badRequest('expected-file', `The field "${name}" must be a file upload.`, name);
    if (rule.kind === 'text' && isFile)
      throw badRequest('expected-text', `The field "${name}" must be text, not a file.`, name);
    return rule;
  }

  private onField(name: string, value: string, info: busboy.FieldInfo): void {
    const rule = this.ruleFor(name, false);
    const bytes = Buffer.byteLength(value);
    if (info.valueTruncated || bytes > rule.maxBytes) {
      throw new HttpError(413, {
        code: 'field-too-large',
        message: `The field "${name}" is larger than its limit of ${formatBytes(rule.maxBytes)} (more than ${formatBytes(Math.max(bytes, rule.maxBytes))} received).`,
        path: name,
      });
    }
    const list = this.form.fields.get(name) ?? [];
    list.push(value);
    this.form.fields.set(name, list);
  }

  private onFile(name: string, stream: Readable, info: busboy.FileInfo): void {
    // A part's stream errors when the parser stops mid-part. Its reader (receiveFile) sees the error, or
    // the upload has already failed; without this listener the 'error' event would crash the process.
    stream.on('error', () => {});
    let rule: FieldRule;
    try {
      if (this.failure) throw this.failure;
      rule = this.ruleFor(name, true);
    } catch (error) {
      this.fail(error);
      stream.resume(); // let busboy finish the part; the upload is refused anyway
      return;
    }
    const file: ReceivedFile = {
      field: name,
      index: this.form.files(name).length,
      bytes: 0,
      filename: cleanName(info.filename),
      declaredType: info.mimeType,
    };
    // Claim the slot now, so a second part of the same name is counted while this one streams.
    this.form.fileList.push(file);
    this.tasks.push(this.receiveFile(file, rule, stream).catch((error: unknown) => void this.fail(error)));
  }

  private async receiveFile(file: ReceivedFile, rule: FieldRule, stream: Readable): Promise<void> {
    const path = pathOf(rule, file.field, file.index);
    this.current = { path, filename: file.filename };
    const spillAt = this.options.spillBytes ?? SPILL_BYTES;
    const memory = this.options.memoryBytes ?? MEMORY_BYTES;
    const sink = new SpillFile({
      tempDir: this.options.tempDir,
      onTempFile: (p) => this.form.tempPaths.push(p),
    });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (this.failure) throw this.failure;
        if (sink.bytes + chunk.length > rule.maxBytes) throw this.fileTooLarge(file, rule, path, sink.bytes);
        const before = sink.heldBytes;
        const spill = sink.bytes + chunk.length > spillAt || this.heldBytes + chunk.length > memory;
        await sink.append(chunk, spill);
        this.heldBytes += sink.heldBytes - before;
      }
      const kept = await sink.finish();
      file.bytes = sink.bytes;
      if ('data' in kept) file.data = kept.data;
      else file.path = kept.path;
      await this.options.onFile?.(file);
    } catch (error) {
      this.heldBytes -= sink.heldBytes;
      await sink.discard();
      throw error;
    } finally {
      if (this.current?.path === path) this.current = null;
    }
  }

  private fileTooLarge(file: ReceivedFile, rule: FieldRule, path: string, bytes: number): HttpError {
    const declared = this.options.declaredBytes;
    const actual =
      declared && declared > bytes
        ? `the upload is ${formatBytes(declared)}`
        : `more than ${formatBytes(rule.maxBytes)} received`;
    const named = file.filename ? ` "${file.filename}"` : '';
    const setting = rule.limitSetting ? ` (${rule.limitSetting})` : '';
    return new HttpError(413, {
      code: 'file-too-large',
      message: `The ${file.field}${named} is larger than this server's limit of ${formatBytes(rule.maxBytes)}${setting}; ${actual}. Downscale or compress it and try again.`,
      path,
    });
  }

  private bodyTooLarge(): HttpError {
    const where = this.current
      ? ` while reading ${this.current.path}${this.current.filename ? ` ("${this.current.filename}")` : ''}`
      : '';
    return new HttpError(413, {
      code: 'body-too-large',
      message: `The upload is larger than this server's limit of ${formatBytes(this.maxTotal)} per request${where}. Send fewer or smaller files per request.`,
      path: this.current?.path ?? 'body',
    });
  }

  /** The client's stream broke (aborted, reset): not a server fault. */
  private broken(error: unknown): HttpError {
    const where = this.current ? ` during ${this.current.path}` : '';
    return badRequest(
      'bad-upload',
      `The upload was cut off before it ended${where} (${String((error as Error)?.message ?? error).slice(0, 100)}). Send it again.`,
      this.current?.path ?? 'body',
    );
  }

  private malformed(error: unknown): HttpError {
    const text = String((error as Error)?.message ?? error);
    const where = this.current ? ` in ${this.current.path}` : '';
    if (/Unexpected end of (form|file)/i.test(text))
      return badRequest(
        'bad-multipart',
        `The multipart body ended early (no closing boundary)${where}. Send the whole request again.`,
        this.current?.path ?? 'body',
      );
    return badRequest(
      'bad-multipart',
      `The multipart body is malformed${where} (${text.slice(0, 80)}). ${EXPECTED}`,
      this.current?.path ?? 'body',
    );
  }
}
