/**
 * The batch API as the CLI uses it, over any fetch function: the global fetch against a running server
 * (`--server URL`), or the in-process app (local mode). Errors become BatchApiError with the server's
 * own message, so the user reads what the API said.
 */
import { openAsBlob } from 'node:fs';
import type {
  ApiErrorBody,
  BatchCreated,
  BatchView,
  Dialect,
  ExecutorId,
  ExecutorsResponse,
  Finish,
} from '../../recipe/index.ts';

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export class BatchApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface UploadFile {
  path: string;
  /** The name the server should give the item (unique in the batch). */
  name: string;
}

async function check(response: Response, what: string): Promise<Response> {
  if (response.ok) return response;
  const body = (await response.json().catch(() => undefined)) as ApiErrorBody | undefined;
  const message = body?.error?.message ?? `HTTP ${response.status}`;
  throw new BatchApiError(`${what}: ${message}`, response.status, body?.error?.code);
}

export class BatchClient {
  constructor(
    private readonly base: string,
    private readonly fetch: Fetch,
    private readonly headers: Record<string, string> = {},
  ) {}

  private async call(path: string, what: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, {
        ...init,
        headers: { ...this.headers, ...(init.headers as Record<string, string> | undefined) },
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new BatchApiError(
        `${what}: cannot reach ${this.base} (${cause}). Is the server running (npm start)?`,
        0,
      );
    }
    return check(response, what);
  }

  async executors(): Promise<ExecutorsResponse> {
    return (
      await this.call('/api/executors', 'Reading the server’s executors')
    ).json() as Promise<ExecutorsResponse>;
  }

  private async form(files: UploadFile[], fields: Record<string, string> = {}): Promise<FormData> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    // openAsBlob reads the file only when the body is sent, so a chunk costs no memory up front.
    for (const file of files) form.append('images', await openAsBlob(file.path), file.name);
    return form;
  }

  async create(
    spec: { dialect: Dialect; executor: ExecutorId; request: string; preset?: string; finish?: Finish },
    files: UploadFile[],
  ) {
    const body = await this.form(files, {
      dialect: spec.dialect,
      request: spec.request,
      executor: spec.executor,
      ...(spec.preset ? { preset: spec.preset } : {}),
      ...(spec.finish ? { finish: JSON.stringify(spec.finish) } : {}),
    });
    return (
      await this.call('/api/batches', 'Creating the batch', { method: 'POST', body })
    ).json() as Promise<BatchCreated>;
  }

  async add(id: string, files: UploadFile[]) {
    const body = await this.form(files);
    return (
      await this.call(`/api/batches/${id}/items`, 'Adding items', { method: 'POST', body })
    ).json() as Promise<BatchCreated>;
  }

  /** The whole batch (every page), waiting up to `waitMs` for a change first. */
  async view(id: string, waitMs = 0): Promise<BatchView> {
    const first = (await (
      await this.call(`/api/batches/${id}?limit=500&wait=${waitMs}`, 'Reading the batch')
    ).json()) as BatchView;
    while (first.items.length < first.page.total) {
      const next = (await (
        await this.call(`/api/batches/${id}?offset=${first.items.length}&limit=500`, 'Reading the batch')
      ).json()) as BatchView;
      if (next.items.length === 0) break;
      first.items.push(...next.items);
    }
    return first;
  }

  async result(jobId: string): Promise<Response> {
    return this.call(`/api/jobs/${jobId}/result`, 'Downloading a result');
  }

  async cancel(id: string): Promise<void> {
    await this.call(`/api/batches/${id}`, 'Cancelling the batch', { method: 'DELETE' }).catch(() => {});
  }
}
