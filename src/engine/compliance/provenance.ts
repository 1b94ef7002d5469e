/**
 * Writes the IPTC DigitalSourceType into a result's XMP, so an image a provider's generative model
 * painted stays labelled as such (Google Merchant Center asks AI-generated images to keep
 * `trainedAlgorithmicMedia`; IPTC Photo Metadata Standard, "Digital Source Type",
 * https://cv.iptc.org/newscodes/digitalsourcetype/). JPEG and PNG without XMP get the packet inserted
 * as bytes (XMP Specification Part 3: a JPEG APP1 segment, a PNG iTXt chunk `XML:com.adobe.xmp`), so the
 * pixels are not re-encoded; any other file is re-written by sharp with the packet (lossless for PNG,
 * quality 95 otherwise).
 */
import { crc32 } from 'node:zlib';
import sharp, { type FormatEnum } from 'sharp';
import { digitalSourceTypeOf } from './measure.ts';

const IPTC_DIGITAL_SOURCE_TYPE = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/** A minimal XMP packet carrying Iptc4xmpExt:DigitalSourceType = `code`. */
export function digitalSourceTypeXmp(code: string): string {
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" ' +
    `Iptc4xmpExt:DigitalSourceType="${IPTC_DIGITAL_SOURCE_TYPE}${code}"/>` +
    '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
  );
}

const JPEG_XMP_NS = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when a JPEG has an APP1 XMP segment before its image data. */
function jpegHasXmp(file: Buffer): boolean {
  let at = 2;
  while (at + 4 <= file.length && file[at] === 0xff) {
    const marker = file[at + 1]!;
    if (marker === 0xda || marker === 0xd9) return false; // start of scan / end of image
    const length = file.readUInt16BE(at + 2);
    if (marker === 0xe1 && file.subarray(at + 4, at + 4 + JPEG_XMP_NS.length).equals(JPEG_XMP_NS))
      return true;
    at += 2 + length;
  }
  return false;
}

/** The JPEG with an APP1 XMP segment after SOI and any APP0 (JFIF) segment. */
function jpegWithXmp(file: Buffer, xmp: string): Buffer {
  const body = Buffer.concat([JPEG_XMP_NS, Buffer.from(xmp, 'utf8')]);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(body.length + 2, 2);
  let at = 2;
  if (file[2] === 0xff && file[3] === 0xe0) at = 4 + file.readUInt16BE(4);
  return Buffer.concat([file.subarray(0, at), segment, body, file.subarray(at)]);
}

function pngChunks(file: Buffer): { type: string; start: number; end: number }[] {
  const chunks = [];
  let at = PNG_SIGNATURE.length;
  while (at + 8 <= file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    chunks.push({ type, start: at, end: at + 12 + length });
    if (type === 'IEND') break;
    at += 12 + length;
  }
  return chunks;
}

/** The PNG with an iTXt `XML:com.adobe.xmp` chunk right after IHDR. */
function pngWithXmp(file: Buffer, chunks: ReturnType<typeof pngChunks>, xmp: string): Buffer {
  const data = Buffer.concat([
    Buffer.from('XML:com.adobe.xmp\0', 'latin1'),
    Buffer.from([0, 0]), // not compressed, compression method 0
    Buffer.from('\0\0', 'latin1'), // no language tag, no translated keyword
    Buffer.from(xmp, 'utf8'),
  ]);
  const typed = Buffer.concat([Buffer.from('iTXt', 'latin1'), data]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  typed.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typed), 8 + data.length);
  const ihdrEnd = chunks[0]!.end;
  return Buffer.concat([file.subarray(0, ihdrEnd), chunk, file.subarray(ihdrEnd)]);
}

/**
 * `file` labelled with the IPTC DigitalSourceType `code` (default `trainedAlgorithmicMedia`). A file
 * that already carries a DigitalSourceType is returned unchanged. Throws sharp's error when a file that
 * needs re-writing cannot be decoded.
 */
export async function withDigitalSourceType(file: Buffer, code = 'trainedAlgorithmicMedia'): Promise<Buffer> {
  const meta = await sharp(file, { limitInputPixels: false }).metadata();
  if (digitalSourceTypeOf(meta.xmp)) return file;
  const xmp = digitalSourceTypeXmp(code);
  if (!meta.xmp && meta.format === 'jpeg' && !jpegHasXmp(file)) return jpegWithXmp(file, xmp);
  if (!meta.xmp && meta.format === 'png' && file.subarray(0, 8).equals(PNG_SIGNATURE)) {
    const chunks = pngChunks(file);
    if (chunks[0]?.type === 'IHDR') return pngWithXmp(file, chunks, xmp);
  }
  const format = meta.format === 'heif' ? 'avif' : (meta.format ?? 'png');
  return sharp(file, { limitInputPixels: false })
    .keepMetadata()
    .withXmp(xmp)
    .toFormat(format as keyof FormatEnum, format === 'png' ? {} : { quality: 95 })
    .toBuffer();
}
