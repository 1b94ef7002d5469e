/**
 * Just enough of the protobuf wire format to read, rewrite and write ONNX files without a protobuf
 * library: varints, length-delimited fields and fixed 32/64-bit fields. Messages are handled as flat
 * field lists; the caller knows the schema (field numbers from onnx.proto).
 */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

export interface Field {
  field: number;
  wire: number;
  /** varint value (as bigint: int64 fields exist), or undefined for other wire types. */
  int?: bigint;
  /** The payload of length-delimited and fixed fields. */
  bytes?: Uint8Array;
}

function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error('protobuf: truncated varint');
    const byte = buf[pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
    if (shift > 70n) throw new Error('protobuf: varint too long');
  }
}

/** Splits one message into its fields, in order. Payloads are views into `buf`, not copies. */
export function decodeFields(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    pos = afterKey;
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === WIRE.varint) {
      const [value, next] = readVarint(buf, pos);
      fields.push({ field, wire, int: value });
      pos = next;
    } else if (wire === WIRE.bytes) {
      const [length, next] = readVarint(buf, pos);
      const end = next + Number(length);
      if (end > buf.length) throw new Error('protobuf: field runs past the end of the message');
      fields.push({ field, wire, bytes: buf.subarray(next, end) });
      pos = end;
    } else if (wire === WIRE.fixed32 || wire === WIRE.fixed64) {
      const size = wire === WIRE.fixed32 ? 4 : 8;
      fields.push({ field, wire, bytes: buf.subarray(pos, pos + size) });
      pos += size;
    } else {
      throw new Error(`protobuf: unsupported wire type ${wire}`);
    }
  }
  return fields;
}

function varintBytes(value: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

/** Serialises a field list back to bytes (the inverse of decodeFields). */
export function encodeFields(fields: Field[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  const push = (part: Uint8Array) => {
    parts.push(part);
    total += part.length;
  };
  for (const f of fields) {
    push(Uint8Array.from(varintBytes((BigInt(f.field) << 3n) | BigInt(f.wire))));
    if (f.wire === WIRE.varint) push(Uint8Array.from(varintBytes(f.int ?? 0n)));
    else if (f.wire === WIRE.bytes) {
      push(Uint8Array.from(varintBytes(f.bytes!.length)));
      push(f.bytes!);
    } else push(f.bytes!);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// Builders for writing messages by hand (the tiny test models).
const utf8 = new TextEncoder();
export const int = (field: number, value: number | bigint): Field => ({
  field,
  wire: WIRE.varint,
  int: BigInt(value),
});
export const str = (field: number, value: string): Field => ({
  field,
  wire: WIRE.bytes,
  bytes: utf8.encode(value),
});
export const msg = (field: number, ...inner: Field[]): Field => ({
  field,
  wire: WIRE.bytes,
  bytes: encodeFields(inner),
});
export const raw = (field: number, bytes: Uint8Array): Field => ({ field, wire: WIRE.bytes, bytes });
export const f32 = (field: number, value: number): Field => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setFloat32(0, value, true);
  return { field, wire: WIRE.fixed32, bytes };
};
