/**
 * The one path by which a job comes to exist: POST /api/jobs and every batch item (including retries)
 * call createJob with inputs already validated at the edge. It stores the record and the input files and
 * queues the job — or, for an input the edge refused, records the job as failed with that reason (a bad
 * item of a batch fails alone, with the same words POST /api/jobs would have answered).
 */
import { randomUUID } from 'node:crypto';
import type {
  ApiError,
  Dialect,
  ExecutorId,
  Finish,
  ImageInfo,
  JobMaskInfo,
  JobView,
  JsonObject,
  SubjectBox,
} from '../../recipe/index.ts';
import type { CheckedImage } from '../guards/upload.ts';
import type { Services } from '../services.ts';
import type { BlobSource, JobPriority, JobRecord } from './types.ts';

/** A file the edge has checked (checkImage: type from magic bytes, pixel count from the header). */
export interface CheckedInput {
  source: BlobSource;
  image: CheckedImage;
}

export interface NewJob {
  /** A job id chosen by the caller (a batch reserves its item before the job exists); default: random. */
  id?: string;
  executor: ExecutorId;
  dialect: Dialect;
  request: JsonObject;
  warnings: JobView['warnings'];
  /** Backdrop's finishing after the executor (validated at the edge); echoed in the view. */
  finish?: Finish;
  /** The input's name (file name or the URL's last segment), at most 120 characters. */
  name: string;
  /** The uploaded photo; or `imageUrl`; or neither when `refused` is set. */
  input?: CheckedInput;
  imageUrl?: string;
  /** A checked upload for the `replace` background (local executor only). */
  background?: { source: BlobSource; bytes: number; name: string };
  batch?: { id: string; itemId: string };
  /** A marketplace preset id (checked at the edge): the result is verified against its rules. */
  preset?: string;
  /** The edge refused the input: the job is recorded as failed with this error and never queued. */
  refused?: ApiError;
  /** Backdrop's extensions (routes/job-extensions.ts): a box to segment inside, or a checked mask PNG. */
  subjectBox?: SubjectBox;
  mask?: { source: BlobSource; bytes: number };
  maskInfo?: JobMaskInfo;
}

function inputInfo(job: NewJob): ImageInfo {
  if (job.input) {
    const { mime, width, height, bytes, format, frames } = job.input.image;
    return { name: job.name, type: mime, width, height, bytes, format, ...(frames > 1 ? { frames } : {}) };
  }
  return { name: job.name, type: job.imageUrl ? 'url' : 'unknown', width: 0, height: 0, bytes: 0 };
}

/** Creates, stores and queues (unless refused) one job; resolves to its view as stored. */
export async function createJob(services: Services, job: NewJob): Promise<JobView> {
  const now = new Date().toISOString();
  const view: JobView = {
    id: job.id ?? randomUUID(),
    executor: job.executor,
    dialect: job.dialect,
    status: job.refused ? 'failed' : 'queued',
    progress: 0,
    warnings: job.warnings,
    timings: {},
    input: inputInfo(job),
    previewAvailable: false,
    ...(job.finish ? { finish: job.finish } : {}),
    createdAt: now,
    ...(job.refused ? { error: job.refused, finishedAt: now } : {}),
    ...(job.batch ? { batch: job.batch } : {}),
    ...(job.subjectBox ? { subjectBox: job.subjectBox } : {}),
    ...(job.maskInfo ? { mask: job.maskInfo } : {}),
    ...(job.preset ? { preset: job.preset } : {}),
  };
  const record: JobRecord = {
    view,
    request: job.request,
    blobs: {},
    ...(job.imageUrl ? { imageUrl: job.imageUrl } : {}),
    ...(job.subjectBox ? { subjectBox: job.subjectBox } : {}),
  };
  await services.store.create(record);
  if (job.input)
    await services.store.putBlob(view.id, 'input', job.input.source, {
      mime: job.input.image.mime,
      bytes: job.input.image.bytes,
      name: job.name,
    });
  if (job.background)
    await services.store.putBlob(view.id, 'background', job.background.source, {
      mime: 'application/octet-stream',
      bytes: job.background.bytes,
      name: job.background.name,
    });
  if (job.mask)
    await services.store.putBlob(view.id, 'mask', job.mask.source, {
      mime: 'image/png',
      bytes: job.mask.bytes,
      name: 'mask.png',
    });
  if (!job.refused) {
    const priority: JobPriority = job.batch ? 'batch' : 'interactive';
    await services.queue.enqueue({ id: view.id, executor: job.executor }, { priority });
  }
  return view;
}
