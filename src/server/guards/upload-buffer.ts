/** The upload guard for bytes already in memory (fetched URLs): same checks, same messages. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkImageFile, type CheckedImage, type UploadLimits } from './upload.ts';

export async function checkImageBuffer(
  data: Buffer,
  limits: UploadLimits,
  field: string,
): Promise<CheckedImage> {
  const dir = await mkdtemp(join(tmpdir(), 'backdrop-check-'));
  try {
    const path = join(dir, 'image');
    await writeFile(path, data);
    return await checkImageFile(path, data.length, limits, field);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
