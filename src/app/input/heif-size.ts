/**
 * The displayed size of a HEIF/AVIF file (ISO/IEC 23008-12) from its boxes: the `ispe` (image spatial
 * extent) property associated, through `ipma`, with the primary item named by `pitm`. Picking the largest
 * `ispe` in the file is wrong for images smaller than one coded tile: an iPhone-style grid stores 512²
 * (or, from heif-enc, 64²) tiles beside the grid item that has the real size.
 */

interface Box {
  type: string;
  /** Where the box's payload starts (after size and type) and where the box ends. */
  start: number;
  end: number;
}

function* boxes(b: Uint8Array, v: DataView, from: number, to: number): Generator<Box> {
  let at = from;
  while (at + 8 <= to) {
    let size = v.getUint32(at);
    let header = 8;
    if (size === 1 && at + 16 <= to) {
      size = Number(v.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header) return;
    const type = String.fromCharCode(b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!);
    yield { type, start: at + header, end: Math.min(at + size, to) };
    at += size;
  }
}

const child = (b: Uint8Array, v: DataView, box: Box, type: string, skip = 0) => {
  for (const c of boxes(b, v, box.start + skip, box.end)) if (c.type === type) return c;
  return undefined;
};

/** `ipma`: the 1-based property indices of each item. */
function associations(v: DataView, ipma: Box): Map<number, number[]> {
  const version = v.getUint8(ipma.start);
  const wide = (v.getUint32(ipma.start) & 1) === 1;
  const out = new Map<number, number[]>();
  let at = ipma.start + 4;
  const count = v.getUint32(at);
  at += 4;
  for (let i = 0; i < count && at < ipma.end; i++) {
    const item = version < 1 ? v.getUint16(at) : v.getUint32(at);
    at += version < 1 ? 2 : 4;
    const n = v.getUint8(at++);
    const indices: number[] = [];
    for (let k = 0; k < n; k++) {
      indices.push(wide ? v.getUint16(at) & 0x7fff : v.getUint8(at) & 0x7f);
      at += wide ? 2 : 1;
    }
    out.set(item, indices);
  }
  return out;
}

/** Width and height of the primary item, or null when the boxes needed are not in the bytes read. */
export function heifPrimarySize(b: Uint8Array): { width: number; height: number } | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  try {
    const meta = [...boxes(b, v, 0, b.length)].find((box) => box.type === 'meta');
    if (!meta) return null;
    const pitm = child(b, v, meta, 'pitm', 4);
    const iprp = child(b, v, meta, 'iprp', 4);
    const ipco = iprp && child(b, v, iprp, 'ipco');
    const ipma = iprp && child(b, v, iprp, 'ipma');
    if (!pitm || !ipco || !ipma) return null;
    const primary = v.getUint8(pitm.start) === 0 ? v.getUint16(pitm.start + 4) : v.getUint32(pitm.start + 4);
    const properties = [...boxes(b, v, ipco.start, ipco.end)];
    let size: { width: number; height: number } | null = null;
    let quarterTurns = 0;
    for (const index of associations(v, ipma).get(primary) ?? []) {
      const property = properties[index - 1];
      if (property?.type === 'ispe') {
        size = { width: v.getUint32(property.start + 4), height: v.getUint32(property.start + 8) };
      } else if (property?.type === 'irot') quarterTurns = v.getUint8(property.start) & 3;
    }
    if (size && quarterTurns % 2 === 1) size = { width: size.height, height: size.width };
    return size;
  } catch {
    return null; // a box runs past the bytes read: the size is unknown, not wrong
  }
}
