/**
 * Tiny ONNX models built as ModelProto objects (src/engine/segmentation/onnx/onnx-model.ts), so tests
 * of the loader, the pre/post-processing and the int8 derivation need no weights and no download.
 */
import {
  DataType,
  encodeModel,
  int64Tensor,
  intAttribute,
  intsAttribute,
  makeNode,
  tensorAttribute,
  valueInfo,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from '../segmentation/onnx/onnx-model.ts';

type Dim = number | string;

const node = (op: string, inputs: string[], outputs: string[], ...attributes: NodeProto['attribute'] & {}) =>
  makeNode(op, inputs, outputs, `${op}_${outputs[0]}`, attributes);

function model(
  nodes: NodeProto[],
  inputs: ValueInfoProto[],
  outputs: ValueInfoProto[],
  initializers: TensorProto[] = [],
): Uint8Array {
  return encodeModel({
    ir_version: 8,
    producer_name: 'backdrop-tests',
    graph: { node: nodes, name: 'tiny', initializer: initializers, input: inputs, output: outputs },
    opset_import: [{ domain: '', version: 13 }],
  });
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
      node('ReduceMean', ['input'], ['mask'], intsAttribute('axes', [1]), intAttribute('keepdims', 1)),
      node('Neg', ['mask'], ['side']),
    ],
    [valueInfo('input', DataType.FLOAT, [1, 3, h, w])],
    [valueInfo('mask', DataType.FLOAT, [1, 1, h, w]), valueInfo('side', DataType.FLOAT, [1, 1, h, w])],
  );
}

/**
 * A miniature of ISNet's export quirks: fp16 weights between Cast nodes, and a decoder Resize whose
 * target size is a baked Constant [size, size] concatenated with a skip tensor. Output = mean over
 * channels of concat(upsample(maxpool(x)), x) + 0.5 (the fp16 bias), shape [1,1,size,size].
 */
export function bakedResizeFp16Model(size = 8): Uint8Array {
  const half = new Uint16Array([0x3800]); // 0.5 in IEEE half precision
  const bias: TensorProto = {
    name: 'bias',
    dims: [1],
    data_type: DataType.FLOAT16,
    raw_data: new Uint8Array(half.buffer),
  };
  const constant = (name: string, values: number[]) =>
    node('Constant', [], [name], tensorAttribute('value', int64Tensor(name, [values.length], values)));
  return model(
    [
      node(
        'MaxPool',
        ['input'],
        ['pooled'],
        intsAttribute('kernel_shape', [2, 2]),
        intsAttribute('strides', [2, 2]),
      ),
      node('Shape', ['pooled'], ['pooled_shape']),
      constant('zero', [0]),
      constant('two', [2]),
      node('Slice', ['pooled_shape', 'zero', 'two'], ['batch_channels']),
      constant('baked', [size, size]),
      node('Concat', ['batch_channels', 'baked'], ['sizes'], intAttribute('axis', 0)),
      node('Resize', ['pooled', '', '', 'sizes'], ['upsampled']),
      node('Concat', ['upsampled', 'input'], ['joined'], intAttribute('axis', 1)),
      node('ReduceMean', ['joined'], ['mean'], intsAttribute('axes', [1]), intAttribute('keepdims', 1)),
      node('Cast', ['mean'], ['mean16'], intAttribute('to', DataType.FLOAT16)),
      node('Add', ['mean16', 'bias'], ['sum16']),
      node('Cast', ['sum16'], ['output'], intAttribute('to', DataType.FLOAT)),
    ],
    [valueInfo('input', DataType.FLOAT, [1, 3, size, size])],
    [valueInfo('output', DataType.FLOAT, [1, 1, size, size])],
    [bias],
  );
}
