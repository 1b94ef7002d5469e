/**
 * A mask upload (POST /api/jobs `mask`, PUT /api/jobs/:id/mask): a PNG — by its magic bytes — whose header
 * says exactly the photo's size. Checked like any upload (bytes, pixels, truncation) before anything is
 * decoded; the engine reads it as alpha (a cut-out) or grey (white = subject).
 */
import { HttpError } from '../errors.ts';
import { checkImage, type CheckedImage, type ImageSource, type UploadLimits } from './upload.ts';

export async function checkMaskPng(
  source: ImageSource,
  photo: { width: number; height: number } | null,
  limits: UploadLimits,
  field: string,
): Promise<CheckedImage> {
  const checked = await checkImage(source, limits, field).catch((error: unknown) => {
    if (error instanceof HttpError && error.body.code === 'unsupported-image-type')
      throw new HttpError(415, {
        ...error.body,
        code: 'mask-not-png',
        message: `${error.body.message} A mask must be a PNG.`,
      });
    throw error;
  });
  const size = photo && photo.width > 0 ? ` at the photo's size, ${photo.width}×${photo.height}` : '';
  if (checked.format !== 'png') {
    throw new HttpError(415, {
      code: 'mask-not-png',
      message: `The ${field} is ${checked.format.toUpperCase()}; send a PNG (white = subject, or a cut-out's alpha)${size}.`,
      path: field,
    });
  }
  if (photo && photo.width > 0 && (checked.width !== photo.width || checked.height !== photo.height)) {
    throw new HttpError(422, {
      code: 'mask-size',
      message: `The ${field} is ${checked.width}×${checked.height}; this photo is ${photo.width}×${photo.height} (orientation applied). Send a PNG of exactly that size.`,
      path: field,
    });
  }
  return checked;
}
