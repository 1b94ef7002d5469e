/**
 * Tiny ONNX models written byte by byte (protobuf wire format, field numbers from onnx.proto), so tests
 * of the loader and the pre/post-processing need no weights and no download.
 */
import { encodeFields, f32, int, msg, raw, str, type Field } from '../segmentation/protobuf.ts';

const FLOAT = 1;
const INT64 = 7;
const FLOAT16 = 10;

type Dim = number | string;

const valueInfo = (name: string, elemType: number, dims: Dim[]): Field =>
  msg(
    0, // field number set by the caller
    str(1, name),
    msg(
      2,
      msg(
        1,
        int(1, elemType),
        msg(2, ...dims.map((d) => (typeof d === 'number' ? msg(1, int(1, d)) : msg(1, str(2, d))))),
      ),
    ),
  );
const withField = (field: number, f: Field): Field => ({ ...f, field });

const node = (op: string, inputs: string[], outputs: string[], ...attributes: Field[]): Field =>
  msg(
    1,
    ...inputs.map((i) => str(1, i)),
    ...outputs.map((o) => str(2, o)),
    str(3, `${op}_${outputs[0]}`),
    str(4, op),
    ...attributes,
  );

const intsAttr = (name: string, values: number[]): Field =>
  msg(5, str(1, name), int(20, 7), ...values.map((v) => int(8, v)));
const intAttr = (name: string, value: number): Field => msg(5, str(1, name), int(20, 2), int(3, value));

const int64Tensor = (name: string, values: number[]): Field[] => [
  int(1, values.length),
  int(2, INT64),
  str(8, name),
  raw(9, new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer)),
];

function model(nodes: Field[], inputs: Field[], outputs: Field[], initializers: Field[] = []): Uint8Array {
  const graph = msg(
    7,
    ...nodes,
    str(2, 'tiny'),
    ...initializers.map((t) => withField(5, t)),
    ...inputs.map((i) => withField(11, i)),
    ...outputs.map((o) => withField(12, o)),
  );
  return encodeFields([int(1, 8), str(2, 'backdrop-tests'), graph, msg(8, str(1, ''), int(2, 13))]);
}

/**
 * input [1,3,H,W] → `mask` = mean of the three channels, [1,1,H,W]; plus a side output `side` (= −mask)
 * that the pipeline must not fetch. With normalisation mean 0 / std 1, the mask is the photo's grey.
 */
export function channelMeanModel(opts: { size?: number } = {}): Uint8Array {
  const h: Dim = opts.size ?? 'height';
  const w: Dim = opts.size ?? 'width';
  return model(
    [
      node('ReduceMean', ['input'], ['mask'], intsAttr('axes', [1]), intAttr('keepdims', 1)),
      node('Neg', ['mask'], ['side']),
    ],
    [valueInfo('input', FLOAT, [1, 3, h, w])],
    [valueInfo('mask', FLOAT, [1, 1, h, w]), valueInfo('side', FLOAT, [1, 1, h, w])],
  );
}

/**
 * A miniature of ISNet's export quirks: fp16 weights between Cast nodes, and a decoder Resize whose
 * target size is a baked Constant [size, size] concatenated with a skip tensor. Output = mean over
 * channels of concat(upsample(maxpool(x)), x) + 0.5 (the fp16 bias), shape [1,1,size,size].
 */
export function bakedResizeFp16Model(size = 8): Uint8Array {
  const half = new Uint16Array([0x3800]); // 0.5 in IEEE half precision
  const bias = [int(1, 1), int(2, FLOAT16), str(8, 'bias'), raw(9, new Uint8Array(half.buffer))];
  const constant = (name: string, values: number[]) =>
    node('Constant', [], [name], msg(5, str(1, 'value'), int(20, 4), msg(5, ...int64Tensor(name, values))));
  return model(
    [
      node('MaxPool', ['input'], ['pooled'], intsAttr('kernel_shape', [2, 2]), intsAttr('strides', [2, 2])),
      node('Shape', ['pooled'], ['pooled_shape']),
      constant('zero', [0]),
      constant('two', [2]),
      node('Slice', ['pooled_shape', 'zero', 'two'], ['batch_channels']),
      constant('baked', [size, size]),
      node('Concat', ['batch_channels', 'baked'], ['sizes'], intAttr('axis', 0)),
      node('Resize', ['pooled', '', '', 'sizes'], ['upsampled']),
      node('Concat', ['upsampled', 'input'], ['joined'], intAttr('axis', 1)),
      node('ReduceMean', ['joined'], ['mean'], intsAttr('axes', [1]), intAttr('keepdims', 1)),
      node('Cast', ['mean'], ['mean16'], intAttr('to', FLOAT16)),
      node('Add', ['mean16', 'bias'], ['sum16']),
      node('Cast', ['sum16'], ['output'], intAttr('to', FLOAT)),
    ],
    [valueInfo('input', FLOAT, [1, 3, size, size])],
    [valueInfo('output', FLOAT, [1, 1, size, size])],
    [msg(0, ...bias)],
  );
}

export { f32 };
