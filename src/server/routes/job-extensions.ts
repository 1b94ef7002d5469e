/**
 * Backdrop's own fields on POST /api/jobs, beside the provider request (not part of either dialect):
 * `subjectBox` — `x,y,width,height` in photo pixels, the local engine segments again inside it;
 * `mask` — a PNG at the photo's size used instead of segmentation (local) or as the alpha of the
 * provider's cut-out (Claid, Deep-Image: touch-up in Backdrop, after the provider ran).
 */
import {
  boxOutsidePhoto,
  parseSubjectBox,
  toPlan,
  type Dialect,
  type ExecutorId,
  type JobMaskInfo,
  type JsonObject,
  type SubjectBox,
} from '../../recipe/index.ts';
import { needsSubject } from '../../engine/index.ts';
import type { Config } from '../config.ts';
import { badRequest } from '../errors.ts';
import { checkMaskPng } from '../guards/mask-upload.ts';
import type { FieldRule, ReceivedForm } from '../guards/multipart.ts';
import type { BlobSource } from '../jobs/types.ts';

export function extensionRules(config: Config): Record<string, FieldRule> {
  return {
    subjectBox: { kind: 'text', maxBytes: 64 },
    mask: { kind: 'file', maxBytes: config.maxUploadBytes },
  };
}

export interface JobExtensions {
  subjectBox?: SubjectBox;
  /** The checked mask PNG, stored as the job's `mask` blob. */
  mask?: { source: BlobSource; bytes: number };
  /** What GET /api/jobs/:id shows as `mask` (undefined for a provider job without a mask). */
  maskInfo?: JobMaskInfo;
}

/** Checks the extension fields against the executor and, when the server knows it, the photo's size. */
/** Whether the local engine will use a mask for this request at all (a plain resize does not). */
function usesMask(dialect: Dialect, request: JsonObject): boolean {
  try {
    return needsSubject(toPlan(dialect, request));
  } catch {
    return true; // the executor reports the request's own error
  }
}

export async function checkExtensions(
  form: ReceivedForm,
  job: { executor: ExecutorId; dialect: Dialect; request: JsonObject },
  photo: { width: number; height: number } | null,
  config: Config,
): Promise<JobExtensions> {
  const { executor } = job;
  const text = form.text('subjectBox')?.trim();
  const file = form.file('mask');
  let subjectBox: SubjectBox | undefined;
  if (text) {
    if (executor !== 'local')
      throw badRequest(
        'unexpected-field',
        'subjectBox is a Backdrop extension of the local engine; Claid and Deep-Image have no such option. Run it on the local executor, or leave the box out.',
        'subjectBox',
      );
    const parsed = parseSubjectBox(text);
    if (!parsed.ok) throw badRequest('invalid-subject-box', `subjectBox ${parsed.message}`, 'subjectBox');
    const outside = photo && boxOutsidePhoto(parsed.box, photo.width, photo.height);
    if (outside) throw badRequest('invalid-subject-box', `subjectBox ${outside}.`, 'subjectBox');
    subjectBox = parsed.box;
  }
  let mask: JobExtensions['mask'];
  if (file) {
    if (subjectBox)
      throw badRequest(
        'unexpected-field',
        'Send either subjectBox or mask: a mask replaces segmentation, so a box would do nothing.',
        'subjectBox',
      );
    if (file.bytes === 0) throw badRequest('empty-mask', 'The uploaded mask is empty (0 bytes).', 'mask');
    const source = file.data ? { data: file.data } : { path: file.path!, bytes: file.bytes };
    mask = { source, bytes: file.bytes };
    await checkMaskPng(
      source,
      photo,
      { maxBytes: config.maxUploadBytes, maxMegapixels: config.maxMegapixels },
      'mask',
    );
  }
  const maskInfo: JobMaskInfo | undefined = mask
    ? { source: 'supplied' }
    : executor !== 'local' || !usesMask(job.dialect, job.request)
      ? undefined
      : { source: subjectBox ? 'box' : 'model' };
  return {
    ...(subjectBox ? { subjectBox } : {}),
    ...(mask ? { mask } : {}),
    ...(maskInfo ? { maskInfo } : {}),
  };
}
