/**
 * ONNX models as typed objects, read and written with protobufjs against ONNX's own schema
 * (`onnx.proto`, copied unchanged from the onnx 1.23.1 Python package; Apache-2.0). Field names are the
 * schema's (snake_case), so the code reads like the ONNX IR docs (https://onnx.ai/onnx/repo-docs/IR.html).
 *
 * Why protobufjs and not the `onnx-proto` package: onnx-proto bundles a 2021 schema (onnx 1.10) on
 * protobufjs 6 and was last published in 2024 by one maintainer; protobufjs 8 is the maintained
 * binding, and with the current schema loaded at start-up nothing is generated or pinned to an old IR.
 *
 * Decoding keeps large byte fields (raw_data) as views into the input buffer, so reading a 176 MB model
 * does not copy its weights; a decode→encode round trip of imgly's ISNet is byte-identical.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

/** int64 fields decode as protobufjs Longs; new messages may use plain numbers. */
export type Int64 = number | protobuf.Long;

export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  FLOAT16: 10,
} as const;

export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

export interface TensorProto {
  dims?: Int64[];
  data_type?: number;
  name?: string;
  raw_data?: Uint8Array;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: Int64[];
}

export interface AttributeProto {
  name?: string;
  type?: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: Int64[];
}

export interface NodeProto {
  input?: string[];
  output?: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  attribute?: AttributeProto[];
}

export interface TensorShapeDimension {
  dim_value?: Int64;
  dim_param?: string;
}

export interface TypeProto {
  tensor_type?: { elem_type?: number; shape?: { dim?: TensorShapeDimension[] } };
}

export interface ValueInfoProto {
  name?: string;
  type?: TypeProto;
}

export interface GraphProto {
  node?: NodeProto[];
  name?: string;
  initializer?: TensorProto[];
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
  value_info?: ValueInfoProto[];
}

export interface OperatorSetIdProto {
  domain?: string;
  version?: Int64;
}

export interface ModelProto {
  ir_version?: Int64;
  opset_import?: OperatorSetIdProto[];
  producer_name?: string;
  producer_version?: string;
  graph?: GraphProto;
}

let modelType: protobuf.Type | null = null;
function schema(): protobuf.Type {
  if (modelType) return modelType;
  const source = readFileSync(new URL('./onnx.proto', import.meta.url), 'utf8');
  modelType = protobuf.parse(source, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

/** Parses a serialised ModelProto. Throws Error('ONNX model: …') when the bytes are not one. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  try {
    return schema().decode(bytes) as unknown as ModelProto;
  } catch (error) {
    throw new Error(`ONNX model: cannot parse (${(error as Error).message})`, { cause: error });
  }
}

/** Serialises a ModelProto (decoded or built from plain objects). */
export function encodeModel(model: ModelProto): Uint8Array {
  return schema()
    .encode(model as protobuf.Message)
    .finish();
}

/** An int64 field as a number (exact up to 2^53, far beyond any dimension or attribute ISNet uses). */
export const toNumber = (value: Int64 | undefined): number =>
  value === undefined
    ? 0
    : typeof value === 'number'
      ? value
      : (value.unsigned ? value.high >>> 0 : value.high) * 2 ** 32 + (value.low >>> 0);

/** The attribute called `name` of a node, if present. */
export const attribute = (node: NodeProto, name: string): AttributeProto | undefined =>
  node.attribute?.find((a) => a.name === name);

export const intAttribute = (name: string, value: number): AttributeProto => ({
  name,
  type: AttributeType.INT,
  i: value,
});

export const intsAttribute = (name: string, values: number[]): AttributeProto => ({
  name,
  type: AttributeType.INTS,
  ints: values,
});

export const stringAttribute = (name: string, value: string): AttributeProto => ({
  name,
  type: AttributeType.STRING,
  s: new TextEncoder().encode(value),
});

export const tensorAttribute = (name: string, t: TensorProto): AttributeProto => ({
  name,
  type: AttributeType.TENSOR,
  t,
});

export function makeNode(
  opType: string,
  inputs: string[],
  outputs: string[],
  name: string,
  attributes: AttributeProto[] = [],
): NodeProto {
  return { input: inputs, output: outputs, name, op_type: opType, attribute: attributes };
}

/** Little-endian bytes of a typed array, as raw_data wants them (x86 and arm64 are little-endian). */
const bytesOf = (array: ArrayBufferView): Uint8Array =>
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

export const floatTensor = (name: string, dims: number[], values: Float32Array): TensorProto => ({
  name,
  dims,
  data_type: DataType.FLOAT,
  raw_data: bytesOf(values),
});

export const int64Tensor = (name: string, dims: number[], values: number[]): TensorProto => ({
  name,
  dims,
  data_type: DataType.INT64,
  raw_data: bytesOf(new BigInt64Array(values.map(BigInt))),
});

export const int8Tensor = (name: string, dims: number[], values: Int8Array): TensorProto => ({
  name,
  dims,
  data_type: DataType.INT8,
  raw_data: bytesOf(values),
});

export const uint8Tensor = (name: string, dims: number[], values: Uint8Array): TensorProto => ({
  name,
  dims,
  data_type: DataType.UINT8,
  raw_data: bytesOf(values),
});

export const int32Tensor = (name: string, dims: number[], values: Int32Array): TensorProto => ({
  name,
  dims,
  data_type: DataType.INT32,
  raw_data: bytesOf(values),
});

/** A float tensor's values, from raw_data (copied to an aligned buffer) or float_data. */
export function tensorFloats(tensor: TensorProto): Float32Array {
  if (tensor.data_type !== DataType.FLOAT) {
    throw new Error(`ONNX tensor ${tensor.name}: expected FLOAT data, got type ${tensor.data_type}`);
  }
  const raw = tensor.raw_data;
  if (raw && raw.length > 0) {
    const out = new Float32Array(raw.length / 4);
    new Uint8Array(out.buffer).set(raw);
    return out;
  }
  return Float32Array.from(tensor.float_data ?? []);
}

export const tensorDims = (tensor: TensorProto): number[] => (tensor.dims ?? []).map(toNumber);

/** A graph input/output description: `dims` numbers are fixed sizes, strings are symbolic. */
export function valueInfo(name: string, elemType: number, dims: (number | string)[]): ValueInfoProto {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}
