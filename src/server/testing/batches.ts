/** Helpers for batch API tests: the multipart body, the create call, waiting, and opening the archive. */
import { unzipSync } from 'fflate';
import type { BatchCreated, BatchManifest, BatchView } from '../../recipe/index.ts';

export interface UploadImage {
  name: string;
  data: Buffer;
  type?: string;
}

export function batchForm(
  fields: { dialect?: string; executor?: string; request?: unknown },
  images: UploadImage[],
  imageUrls?: unknown[],
): FormData {
  const form = new FormData();
  if (fields.dialect !== undefined) form.append('dialect', fields.dialect);
  if (fields.executor !== undefined) form.append('executor', fields.executor);
  if (fields.request !== undefined)
    form.append(
      'request',
      typeof fields.request === 'string' ? fields.request : JSON.stringify(fields.request),
    );
  for (const image of images)
    form.append(
      'images',
      new Blob([new Uint8Array(image.data)], { type: image.type ?? 'image/png' }),
      image.name,
    );
  if (imageUrls) form.append('imageUrls', JSON.stringify(imageUrls));
  return form;
}

export async function postBatch(
  url: string,
  form: FormData,
  path = '/api/batches',
): Promise<{
  status: number;
  body: BatchCreated & { error?: { code: string; message: string; path?: string } };
}> {
  const res = await fetch(`${url}${path}`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as BatchCreated };
}

export async function getBatch(url: string, id: string, query = ''): Promise<BatchView> {
  return (await (await fetch(`${url}/api/batches/${id}${query}`)).json()) as BatchView;
}

/** Long-polls until `until(view)` holds (bounded). */
export async function waitForBatch(
  url: string,
  id: string,
  until: (view: BatchView) => boolean = (view) => view.status !== 'running',
  timeoutMs = 30_000,
): Promise<BatchView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await getBatch(url, id, '?limit=500&wait=2000');
    if (until(view)) return view;
    if (Date.now() > deadline)
      throw new Error(`batch ${id} not there after ${timeoutMs} ms: ${JSON.stringify(view.counts)}`);
  }
}

/** Downloads and opens the batch archive: its files by name, and the parsed manifests. */
export async function openArchive(url: string, id: string) {
  const res = await fetch(`${url}/api/batches/${id}/archive`);
  const zip = Buffer.from(await res.arrayBuffer());
  const files = unzipSync(new Uint8Array(zip));
  const text = (name: string) => Buffer.from(files[name] ?? new Uint8Array()).toString('utf8');
  return {
    res,
    bytes: zip.length,
    files,
    names: Object.keys(files).sort(),
    manifest: JSON.parse(text('manifest.json')) as BatchManifest,
    csv: text('manifest.csv'),
  };
}
