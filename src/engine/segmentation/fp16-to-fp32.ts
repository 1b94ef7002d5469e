import { makeResizeSizesDynamic } from './dynamic-size.ts';
import { decodeFields, encodeFields, str, WIRE, type Field } from './protobuf.ts';

/**
 * Rewrites an fp16 ONNX model as fp32: weights widened, Cast-to-fp16 nodes turned into Cast-to-fp32
 * (which ORT then drops as no-ops), fp16 value_info retyped. On x86 CPUs onnxruntime has almost no fp16
 * kernels and otherwise inserts casts around every op at run time, so the fp32 copy runs faster; it is
 * written once to the model cache (see registry.ts) so the conversion cost is paid on first use only.
 *
 * Field numbers are from onnx.proto: ModelProto.graph = 7; GraphProto.node = 1, initializer = 5,
 * input = 11, output = 12, value_info = 13; NodeProto.op_type = 4, attribute = 5; AttributeProto.name = 1,
 * i = 3; TensorProto.data_type = 2, int32_data = 5, raw_data = 9; TypeProto.tensor_type = 1,
 * TypeProto.Tensor.elem_type = 1; ValueInfoProto.type = 2.
 */
const FLOAT = 1n;
const FLOAT16 = 10n;
const textDecoder = new TextDecoder();

let halfTable: Float32Array | null = null;
function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable;
  halfTable = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    halfTable[h] =
      exponent === 0
        ? sign * 2 ** -14 * (mantissa / 1024)
        : exponent === 31
          ? mantissa
            ? NaN
            : sign * Infinity
          : sign * 2 ** (exponent - 15) * (1 + mantissa / 1024);
  }
  return halfTable;
}

export function halfBitsToFloats(halves: Uint16Array): Float32Array {
  const table = halfToFloatTable();
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = table[halves[i]!]!;
  return out;
}

const rebuild = (f: Field, inner: Field[]): Field => ({
  field: f.field,
  wire: WIRE.bytes,
  bytes: encodeFields(inner),
});

function convertTensor(tensor: Field[]): Field[] {
  const type = tensor.find((f) => f.field === 2);
  if (type?.int !== FLOAT16) return tensor;
  const out: Field[] = [];
  for (const f of tensor) {
    if (f.field === 2) out.push({ ...f, int: FLOAT });
    else if (f.field === 9 && f.bytes) {
      // raw_data is little-endian fp16; copy to an aligned buffer before viewing it as uint16.
      const aligned = new Uint16Array(f.bytes.length / 2);
      new Uint8Array(aligned.buffer).set(f.bytes);
      const floats = halfBitsToFloats(aligned);
      out.push({ field: 9, wire: WIRE.bytes, bytes: new Uint8Array(floats.buffer) });
    } else if (f.field === 5) {
      throw new Error(
        'fp16 tensors stored as int32_data are not supported; re-export the model with raw_data',
      );
    } else out.push(f);
  }
  return out;
}

const SPATIAL_NAMES = ['height', 'width'];

/** TensorShapeProto with dims 2 and 3 (H, W of NCHW) turned into named symbolic dims. */
function symbolicSpatialDims(shape: Field[]): Field[] {
  let index = 0;
  return shape.map((dim) => {
    if (dim.field !== 1) return dim;
    const position = index++;
    if (position < 2 || position > 3) return dim;
    return rebuild(dim, [str(2, SPATIAL_NAMES[position - 2]!)]);
  });
}

function convertValueInfo(info: Field[], spatialDynamic: boolean): Field[] {
  return info.map((f) => {
    if (f.field !== 2 || !f.bytes) return f;
    const typeProto = decodeFields(f.bytes).map((t) => {
      if (t.field !== 1 || !t.bytes) return t;
      const tensorType = decodeFields(t.bytes).map((e) => {
        if (e.field === 1 && e.int === FLOAT16) return { ...e, int: FLOAT };
        if (e.field === 2 && e.bytes && spatialDynamic)
          return rebuild(e, symbolicSpatialDims(decodeFields(e.bytes)));
        return e;
      });
      return rebuild(t, tensorType);
    });
    return rebuild(f, typeProto);
  });
}

function convertNode(node: Field[]): Field[] {
  const op = node.find((f) => f.field === 4);
  const opType = op?.bytes ? textDecoder.decode(op.bytes) : '';
  return node.map((f) => {
    if (f.field !== 5 || !f.bytes) return f;
    const attribute = decodeFields(f.bytes);
    const name = attribute.find((a) => a.field === 1);
    const isCastTo = opType === 'Cast' && name?.bytes && textDecoder.decode(name.bytes) === 'to';
    const converted = attribute.map((a) => {
      if (isCastTo && a.field === 3 && a.int === FLOAT16) return { ...a, int: FLOAT };
      if (a.field === 5 && a.bytes) return rebuild(a, convertTensor(decodeFields(a.bytes))); // Constant value
      return a;
    });
    return rebuild(f, converted);
  });
}

/**
 * Converts a whole ModelProto; returns the new bytes and how many weights were widened. With
 * `spatialDynamic`, the graph's inputs and outputs get symbolic height/width and the (fixed-size)
 * intermediate value_info is dropped, so a fully convolutional model such as ISNet, whose Resize ops take
 * their sizes from Shape ops, can run at other input sizes (the quick preview runs at 512²).
 */
export function convertFp16ModelToFp32(
  model: Uint8Array,
  { spatialDynamic = false }: { spatialDynamic?: boolean } = {},
): { bytes: Uint8Array; convertedTensors: number } {
  let convertedTensors = 0;
  const fields = decodeFields(model).map((f) => {
    if (f.field !== 7 || !f.bytes) return f;
    const graph = decodeFields(f.bytes).map((g) => {
      if (g.field === 13 && spatialDynamic) return null; // fixed-size intermediate shapes
      if (!g.bytes || ![1, 5, 11, 12, 13].includes(g.field)) return g; // e.g. the graph's name
      const inner = decodeFields(g.bytes);
      if (g.field === 1) return rebuild(g, convertNode(inner));
      if (g.field === 5) {
        const converted = convertTensor(inner);
        if (converted !== inner) convertedTensors++;
        return rebuild(g, converted);
      }
      return rebuild(g, convertValueInfo(inner, spatialDynamic && g.field !== 13));
    });
    const kept = graph.filter((g): g is Field => g !== null);
    if (!spatialDynamic) return rebuild(f, kept);
    const dynamicNodes = makeResizeSizesDynamic(kept);
    if (!dynamicNodes)
      throw new Error('model graph does not have the U-Net Resize pattern; cannot make it size-dynamic');
    // Nodes must stay in topological order: put the rewritten node list where the nodes were.
    const firstNode = kept.findIndex((g) => g.field === 1);
    const others = kept.filter((g) => g.field !== 1);
    return rebuild(f, [...others.slice(0, firstNode), ...dynamicNodes, ...others.slice(firstNode)]);
  });
  return { bytes: encodeFields(fields), convertedTensors };
}
