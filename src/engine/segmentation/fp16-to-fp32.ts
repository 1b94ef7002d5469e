import { makeResizeSizesDynamic } from './dynamic-size.ts';
import {
  DataType,
  decodeModel,
  encodeModel,
  toNumber,
  type TensorProto,
  type ValueInfoProto,
} from './onnx/onnx-model.ts';

/**
 * Rewrites an fp16 ONNX model as fp32: weights widened, Cast-to-fp16 nodes turned into Cast-to-fp32
 * (which ORT then drops as no-ops), fp16 value_info retyped. On x86 CPUs onnxruntime has almost no fp16
 * kernels and otherwise inserts casts around every op at run time, so the fp32 copy runs faster; it is
 * written once to the model cache (see registry.ts) so the conversion cost is paid on first use only.
 */
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

/** Widens one fp16 tensor in place; returns whether it was fp16. */
function widenTensor(tensor: TensorProto): boolean {
  if (tensor.data_type !== DataType.FLOAT16) return false;
  if (tensor.int32_data?.length) {
    throw new Error('fp16 tensors stored as int32_data are not supported; re-export the model with raw_data');
  }
  const raw = tensor.raw_data ?? new Uint8Array(0);
  // raw_data is little-endian fp16; copy to an aligned buffer before viewing it as uint16.
  const aligned = new Uint16Array(raw.length / 2);
  new Uint8Array(aligned.buffer).set(raw);
  const floats = halfBitsToFloats(aligned);
  tensor.data_type = DataType.FLOAT;
  tensor.raw_data = new Uint8Array(floats.buffer);
  return true;
}

const SPATIAL_NAMES = ['height', 'width'];

/** fp16 element type → fp32; with `spatialDynamic`, dims 2 and 3 (H, W of NCHW) become symbolic. */
function retype(info: ValueInfoProto, spatialDynamic: boolean): void {
  const tensorType = info.type?.tensor_type;
  if (!tensorType) return;
  if (tensorType.elem_type === DataType.FLOAT16) tensorType.elem_type = DataType.FLOAT;
  const dims = tensorType.shape?.dim;
  if (spatialDynamic && dims)
    tensorType.shape!.dim = dims.map((d, i) =>
      i === 2 || i === 3 ? { dim_param: SPATIAL_NAMES[i - 2] } : d,
    );
}

/**
 * Converts a whole ModelProto; returns the new bytes and how many weights were widened. With
 * `spatialDynamic`, the graph's inputs and outputs get symbolic height/width and the (fixed-size)
 * intermediate value_info is dropped, so a fully convolutional model such as ISNet, whose Resize ops take
 * their sizes from Shape ops, can run at other input sizes (the quick preview runs at 512²). Throws when
 * `spatialDynamic` is asked of a graph without ISNet's decoder pattern (see dynamic-size.ts).
 */
export function convertFp16ModelToFp32(
  bytes: Uint8Array,
  { spatialDynamic = false }: { spatialDynamic?: boolean } = {},
): { bytes: Uint8Array; convertedTensors: number } {
  const model = decodeModel(bytes);
  const graph = model.graph ?? {};
  let convertedTensors = 0;
  for (const tensor of graph.initializer ?? []) if (widenTensor(tensor)) convertedTensors++;
  for (const node of graph.node ?? []) {
    for (const a of node.attribute ?? []) {
      if (node.op_type === 'Cast' && a.name === 'to' && toNumber(a.i) === DataType.FLOAT16)
        a.i = DataType.FLOAT;
      if (a.t) widenTensor(a.t); // Constant values
    }
  }
  for (const info of [...(graph.input ?? []), ...(graph.output ?? [])]) retype(info, spatialDynamic);
  if (spatialDynamic) {
    graph.value_info = []; // fixed-size intermediate shapes
    const nodes = makeResizeSizesDynamic(graph);
    if (!nodes)
      throw new Error('model graph does not have the U-Net Resize pattern; cannot make it size-dynamic');
    graph.node = nodes;
  } else {
    for (const info of graph.value_info ?? []) retype(info, false);
  }
  return { bytes: encodeModel(model), convertedTensors };
}
