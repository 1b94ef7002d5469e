/**
 * Tiny ONNX models built as ModelProto objects (src/engine/segmentation/onnx/onnx-model.ts), so tests
 * of the loader, the pre/post-processing and the int8 derivation need no weights and no download.
 */
import {
  DataType,
  encodeModel,
  floatTensor,
  int64Tensor,
  intAttribute,
  intsAttribute,
  makeNode,
  stringAttribute,
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

/**
 * A miniature of ISNet's ops for the int8 derivation: input [1,3,H,W] → Conv 3→4 (3×3, pad 1) → Relu →
 * MaxPool 2×2 → Resize ×2 (nearest) → Concat with the Relu output → Conv 8→1 (1×1) → Add input channel 0
 * → Sigmoid → `output`; with an identity Cast after the first Relu (as ISNet's fp16 export leaves them)
 * and an unused side output `side` (= Neg of the Relu). Weights are fixed small numbers.
 */
export function tinyConvNetModel(): Uint8Array {
  const w1 = Float32Array.from({ length: 4 * 3 * 3 * 3 }, (_, i) => (((i * 7) % 11) - 5) / 10);
  const b1 = Float32Array.of(0.1, -0.2, 0.05, 0);
  const w2 = Float32Array.from({ length: 8 }, (_, i) => (i % 2 ? -0.5 : 0.75) * (1 + i / 8));
  const b2 = Float32Array.of(0.25);
  const h: Dim = 'height';
  const w: Dim = 'width';
  return model(
    [
      node(
        'Conv',
        ['input', 'w1', 'b1'],
        ['c1'],
        intsAttribute('kernel_shape', [3, 3]),
        intsAttribute('pads', [1, 1, 1, 1]),
      ),
      node('Relu', ['c1'], ['r1']),
      node('Cast', ['r1'], ['r1_cast'], intAttribute('to', DataType.FLOAT)),
      node(
        'MaxPool',
        ['r1_cast'],
        ['p1'],
        intsAttribute('kernel_shape', [2, 2]),
        intsAttribute('strides', [2, 2]),
      ),
      node('Resize', ['p1', '', 'scales'], ['u1'], stringAttribute('mode', 'nearest')),
      node('Concat', ['u1', 'r1_cast'], ['j1'], intAttribute('axis', 1)),
      node('Conv', ['j1', 'w2', 'b2'], ['c2'], intsAttribute('kernel_shape', [1, 1])),
      node('Slice', ['input', 'zero', 'one', 'one'], ['x0']),
      node('Add', ['c2', 'x0'], ['a1']),
      node('Sigmoid', ['a1'], ['output']),
      node('Neg', ['r1'], ['side']),
    ],
    [valueInfo('input', DataType.FLOAT, [1, 3, h, w])],
    [valueInfo('output', DataType.FLOAT, [1, 1, h, w]), valueInfo('side', DataType.FLOAT, [1, 4, h, w])],
    [
      floatTensor('w1', [4, 3, 3, 3], w1),
      floatTensor('b1', [4], b1),
      floatTensor('w2', [1, 8, 1, 1], w2),
      floatTensor('b2', [1], b2),
      floatTensor('scales', [4], Float32Array.of(1, 1, 2, 2)),
      int64Tensor('zero', [1], [0]),
      int64Tensor('one', [1], [1]),
    ],
  );
}

/**
 * input [1,1,1,W] → Conv 1×1 with two output channels (weights 0.5 and −0.3, biases 0.1 and 0.02) →
 * `output` [1,2,1,W]: small enough to quantise by hand.
 */
export function pointConvModel(): Uint8Array {
  return model(
    [node('Conv', ['input', 'w', 'b'], ['output'], intsAttribute('kernel_shape', [1, 1]))],
    [valueInfo('input', DataType.FLOAT, [1, 1, 1, 'width'])],
    [valueInfo('output', DataType.FLOAT, [1, 2, 1, 'width'])],
    [
      floatTensor('w', [2, 1, 1, 1], Float32Array.of(0.5, -0.3)),
      floatTensor('b', [2], Float32Array.of(0.1, 0.02)),
    ],
  );
}
