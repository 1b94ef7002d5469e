/**
 * Static int8 quantisation of a float ONNX graph in QDQ form (QuantizeLinear → DequantizeLinear pairs
 * around each quantised op), the form onnxruntime fuses at load into integer kernels (QLinearConv,
 * QLinearConcat, QLinearAdd…; on CPUs with VNNI their dot products run as vpdpbusd instructions).
 *
 * The scheme is onnxruntime's static QDQ scheme (onnxruntime.quantization.quantize_static with
 * QuantFormat.QDQ, per_channel=True, weight_type=QInt8, activation_type=QUInt8), written here so that the
 * int8 graph is derived on the user's machine from the shipped weights, without Python:
 * - weights: per output channel, symmetric int8 in [−127, 127], scale = max|w| / 127, zero point 0;
 * - biases: int32, scale = input scale × weight scale of the channel, zero point 0;
 * - activations: per tensor, asymmetric uint8, from a calibrated range [lo, hi] widened to contain 0:
 *   scale = (hi − lo) / 255, zero point = round(−lo / scale);
 * - a Relu after a Conv is absorbed: the Conv's output is quantised with the Relu's range (lo = 0, so the
 *   uint8 saturation at the zero point is the Relu); MaxPool and Resize outputs reuse their input's scale
 *   and zero point (their outputs lie within the input's range).
 * Rounding follows the ONNX operator definitions: QuantizeLinear y = saturate(round_half_even(x / scale) +
 * zero_point); DequantizeLinear x = (y − zero_point) · scale.
 *
 * Nodes named in `keepFloat` stay float, and so does every tensor that only float nodes touch.
 */
import {
  DataType,
  floatTensor,
  int32Tensor,
  int8Tensor,
  intAttribute,
  makeNode,
  tensorDims,
  tensorFloats,
  toNumber,
  uint8Tensor,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from './onnx/onnx-model.ts';

/** Per-tensor activation ranges and the nodes to keep in float, as measured by calibration. */
export interface CalibrationTable {
  /** Tensor name (in the graph prepareFloatGraph makes) → [lowest, highest] value to represent. */
  ranges: Record<string, [number, number]>;
  /** Names of nodes that stay float. */
  keepFloat: string[];
}

export interface QuantizeResult {
  model: ModelProto;
  /** Nodes now between DequantizeLinear inputs and QuantizeLinear outputs (absorbed Relus not counted). */
  quantizedNodes: number;
  /** Activation tensors given a QuantizeLinear/DequantizeLinear pair. */
  quantizedTensors: number;
}

/** Ops this graph uses that onnxruntime's CPU provider fuses from QDQ groups. */
const QUANTIZABLE = new Set(['Conv', 'MaxPool', 'Resize', 'Concat', 'Add', 'Sigmoid']);
/** Ops whose output takes its input's quantisation parameters. */
const SHARES_INPUT_PARAMS = new Set(['MaxPool', 'Resize']);
/** Which inputs of each quantisable op carry activations (the others: weights, bias, sizes). */
const ACTIVATION_INPUT: Record<string, (index: number) => boolean> = {
  Conv: (i) => i === 0,
  MaxPool: (i) => i === 0,
  Resize: (i) => i === 0,
  Sigmoid: (i) => i === 0,
  Concat: () => true,
  Add: () => true,
};

/** Round half to even (QuantizeLinear's rounding, and numpy's). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** uint8 parameters for activations in [lo, hi] (widened to contain 0); scale 1 for an all-zero range. */
export function activationParams(lo: number, hi: number): { scale: number; zeroPoint: number } {
  const rmin = Math.min(lo, 0);
  const rmax = Math.max(hi, 0);
  const scale = Math.fround((rmax - rmin) / 255) || 1;
  return { scale, zeroPoint: Math.min(255, Math.max(0, roundHalfEven(-rmin / scale))) };
}

/**
 * Per-output-channel symmetric int8 weights of a kernel laid out [C_out, …]: the int8 values and one
 * float32 scale per channel (max |w| / 127; 1 for an all-zero channel). Throws when the size does not
 * split into `channels`.
 */
export function quantizeWeights(
  weights: Float32Array,
  channels: number,
): { q: Int8Array; scales: Float32Array } {
  const per = weights.length / channels;
  if (!Number.isInteger(per) || per === 0) {
    throw new Error(`${weights.length} weights do not split into ${channels} output channels`);
  }
  const q = new Int8Array(weights.length);
  const scales = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let max = 0;
    for (let i = c * per; i < (c + 1) * per; i++) max = Math.max(max, Math.abs(weights[i]!));
    const scale = Math.fround(max / 127) || 1;
    scales[c] = scale;
    for (let i = c * per; i < (c + 1) * per; i++) {
      q[i] = Math.max(-127, Math.min(127, roundHalfEven(Math.fround(weights[i]! / scale))));
    }
  }
  return { q, scales };
}

/** int32 bias for QLinearConv: scale inputScale · weightScale[c] per channel, zero point 0. */
export function quantizeBias(
  bias: Float32Array,
  inputScale: number,
  weightScales: Float32Array,
): { q: Int32Array; scales: Float32Array } {
  const scales = new Float32Array(bias.length);
  const q = new Int32Array(bias.length);
  for (let c = 0; c < bias.length; c++) {
    scales[c] = Math.fround(inputScale * weightScales[c]!);
    q[c] = roundHalfEven(bias[c]! / scales[c]!);
  }
  return { q, scales };
}

/** Element type of a node's outputs: enough for a CNN graph's ops (float data path, int64 shape path). */
function outputType(node: NodeProto, inputTypes: number[]): number {
  if (node.op_type === 'Shape') return DataType.INT64;
  if (node.op_type === 'Cast') return toNumber(node.attribute?.find((a) => a.name === 'to')?.i);
  if (node.op_type === 'Constant') return node.attribute?.find((a) => a.name === 'value')?.t?.data_type ?? 0;
  return inputTypes[0] ?? 0;
}

/**
 * Nodes in an order where each comes after the producers of its inputs, otherwise as listed. ONNX asks
 * for that order, but imgly's ISNet lists the Casts its fp16 export added after the nodes that read them
 * (onnxruntime sorts graphs itself).
 */
function topologicalOrder(nodes: NodeProto[]): NodeProto[] {
  const producer = new Map(nodes.flatMap((n) => (n.output ?? []).map((o) => [o, n] as const)));
  const placed = new Set<NodeProto>();
  const out: NodeProto[] = [];
  const place = (node: NodeProto) => {
    if (placed.has(node)) return;
    placed.add(node);
    for (const i of node.input ?? []) {
      const before = producer.get(i);
      if (before) place(before);
    }
    out.push(node);
  };
  nodes.forEach(place);
  return out;
}

/** Element type of every tensor of a graph (inputs, weights, node outputs), in node order. */
function elementTypes(graph: GraphProto): Map<string, number> {
  const types = new Map<string, number>();
  for (const i of graph.input ?? []) types.set(i.name ?? '', i.type?.tensor_type?.elem_type ?? 0);
  for (const t of graph.initializer ?? []) types.set(t.name ?? '', t.data_type ?? 0);
  for (const node of graph.node ?? []) {
    const type = outputType(
      node,
      (node.input ?? []).map((i) => types.get(i) ?? 0),
    );
    for (const o of node.output ?? []) types.set(o, type);
  }
  return types;
}

/**
 * The float graph that calibration measures and quantisation starts from: identity Casts (float → float;
 * ISNet's fp16 export leaves 91 after widening) removed, and nodes that none of `outputs` depends on
 * dropped (ISNet's five unused side outputs). Other tensor names are unchanged. Throws when a name in
 * `outputs` is not produced by the graph.
 */
export function prepareFloatGraph(model: ModelProto, outputs: string[]): ModelProto {
  const graph = { ...model.graph, node: topologicalOrder(model.graph?.node ?? []) };
  const alias = new Map<string, string>();
  const resolve = (name: string): string => (alias.has(name) ? resolve(alias.get(name)!) : name);
  const types = elementTypes(graph);
  const kept: NodeProto[] = [];
  for (const node of graph.node ?? []) {
    const input = (node.input ?? []).map(resolve);
    const type = outputType(
      node,
      input.map((i) => types.get(i) ?? 0),
    );
    for (const o of node.output ?? []) types.set(o, type);
    if (node.op_type === 'Cast' && type === DataType.FLOAT && types.get(input[0]!) === DataType.FLOAT) {
      alias.set(node.output![0]!, input[0]!);
      continue;
    }
    kept.push({ ...node, input, output: [...(node.output ?? [])] });
  }
  // A graph output that came out of a removed Cast: its source tensor takes the output's name.
  const outputName = new Map(outputs.map((o) => [resolve(o), o]));
  for (const node of kept) {
    node.output = node.output!.map((o) => outputName.get(o) ?? o);
    node.input = node.input!.map((i) => outputName.get(i) ?? i);
  }
  const producer = new Map(kept.flatMap((n) => n.output!.map((o) => [o, n] as const)));
  for (const o of outputs) if (!producer.has(o)) throw new Error(`the model has no output "${o}"`);
  const needed = new Set<NodeProto>();
  const stack = [...outputs];
  while (stack.length) {
    const node = producer.get(stack.pop()!);
    if (!node || needed.has(node)) continue;
    needed.add(node);
    stack.push(...node.input!.filter(Boolean));
  }
  const node = kept.filter((n) => needed.has(n));
  const used = new Set(node.flatMap((n) => n.input!));
  return {
    ...model,
    graph: {
      ...graph,
      node,
      initializer: (graph.initializer ?? []).filter((t) => used.has(t.name ?? '')),
      output: (graph.output ?? []).filter((o) => outputs.includes(o.name ?? '')),
      value_info: [],
    },
  };
}

type Node = NodeProto & { input: string[]; output: string[] };

/** Conv → Relu with nothing else reading the Conv's output: the Conv writes the Relu's output directly. */
function absorbRelus(nodes: Node[], quantized: (n: Node) => boolean, graphOutputs: Set<string>): Node[] {
  const readers = new Map<string, number>();
  for (const n of nodes) for (const i of n.input) readers.set(i, (readers.get(i) ?? 0) + 1);
  const producer = new Map(nodes.flatMap((n) => n.output.map((o) => [o, n] as const)));
  const absorbed = new Set<Node>();
  for (const relu of nodes) {
    if (relu.op_type !== 'Relu') continue;
    const x = relu.input[0]!;
    const conv = producer.get(x);
    if (conv?.op_type !== 'Conv' || !quantized(conv) || readers.get(x) !== 1 || graphOutputs.has(x)) continue;
    conv.output = [relu.output[0]!];
    absorbed.add(relu);
  }
  return nodes.filter((n) => !absorbed.has(n));
}

interface QParams {
  scale: string;
  zeroPoint: string;
  value: { scale: number; zeroPoint: number };
}

/** The graph's nodes (Relus absorbed) and which of them are quantised, with who writes and reads what. */
interface Plan {
  nodes: Node[];
  quantized: Set<Node>;
  producer: Map<string, Node>;
  readers: Map<string, Node[]>;
  initializers: Map<string, TensorProto>;
  graphOutputs: Set<string>;
  /** New initializers (quantised weights, scales, zero points). */
  added: TensorProto[];
}

function plan(graph: GraphProto, keepFloat: Set<string>): Plan {
  const graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const types = elementTypes(graph);
  // Quantisable ops on float data (a Concat of int64 shapes is not one).
  const quantizable = (n: NodeProto) =>
    QUANTIZABLE.has(n.op_type ?? '') &&
    !keepFloat.has(n.name ?? '') &&
    types.get(n.output?.[0] ?? '') === DataType.FLOAT;
  const copies = (graph.node ?? []).map((n) => ({
    ...n,
    input: [...(n.input ?? [])],
    output: [...(n.output ?? [])],
  }));
  const nodes = absorbRelus(copies, quantizable, graphOutputs);
  const readers = new Map<string, Node[]>();
  for (const n of nodes) for (const i of n.input) readers.set(i, [...(readers.get(i) ?? []), n]);
  return {
    nodes,
    quantized: new Set(nodes.filter(quantizable)), // decided before any output is renamed
    producer: new Map(nodes.flatMap((n) => n.output.map((o) => [o, n] as const))),
    readers,
    initializers: new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t])),
    graphOutputs,
    added: [],
  };
}

/** Quantisation parameters of every activation a quantised node writes or reads as data. */
function activationParameters(p: Plan, activations: string[], table: CalibrationTable): Map<string, QParams> {
  const readsActivation = (n: Node, tensor: string) =>
    p.quantized.has(n) && n.input.some((i, index) => i === tensor && ACTIVATION_INPUT[n.op_type!]!(index));
  const params = new Map<string, QParams>();
  for (const tensor of activations) {
    if (p.initializers.has(tensor)) continue;
    const made = p.producer.get(tensor);
    const byProducer = made !== undefined && p.quantized.has(made);
    if (!byProducer && !(p.readers.get(tensor) ?? []).some((r) => readsActivation(r, tensor))) continue;
    const source =
      byProducer && SHARES_INPUT_PARAMS.has(made.op_type!) ? params.get(made.input[0]!) : undefined;
    if (source) {
      params.set(tensor, source);
      continue;
    }
    const range = table.ranges[tensor];
    if (!range) throw new Error(`the calibration table has no range for tensor "${tensor}"`);
    const value = activationParams(range[0], range[1]);
    const q = { scale: `${tensor}_scale`, zeroPoint: `${tensor}_zero_point`, value };
    p.added.push(
      floatTensor(q.scale, [], Float32Array.of(value.scale)),
      uint8Tensor(q.zeroPoint, [], Uint8Array.of(value.zeroPoint)),
    );
    params.set(tensor, q);
  }
  return params;
}

/**
 * Quantised Convs read int8 weights and int32 biases through DequantizeLinear (axis 0, per channel).
 * Returns those DequantizeLinear nodes and the names of the float initializers they replace.
 */
function quantizeConvWeights(p: Plan, params: Map<string, QParams>) {
  const nodes: NodeProto[] = [];
  const replaced = new Set<string>();
  const dequantize = (name: string, q: TensorProto, scale: TensorProto, zeroPoint: TensorProto) => {
    p.added.push(q, scale, zeroPoint);
    const output = `${name}_dequantized`;
    const inputs = [q.name!, scale.name!, zeroPoint.name!];
    nodes.push(
      makeNode('DequantizeLinear', inputs, [output], `${name}_DequantizeLinear`, [intAttribute('axis', 0)]),
    );
    replaced.add(name);
    return output;
  };
  for (const conv of p.nodes.filter((n) => n.op_type === 'Conv' && p.quantized.has(n))) {
    const [, w, b] = conv.input;
    const weight = p.initializers.get(w ?? '');
    if (!weight) throw new Error(`Conv ${conv.name} has no constant weight to quantise`);
    for (const name of [w, b]) {
      if (name && (p.readers.get(name)?.length ?? 0) > 1)
        throw new Error(`weight "${name}" is shared between nodes`);
    }
    const dims = tensorDims(weight);
    const channels = dims[0]!;
    const { q, scales } = quantizeWeights(tensorFloats(weight), channels);
    conv.input[1] = dequantize(
      w!,
      int8Tensor(`${w}_quantized`, dims, q),
      floatTensor(`${w}_scale`, [channels], scales),
      int8Tensor(`${w}_zero_point`, [channels], new Int8Array(channels)),
    );
    const bias = p.initializers.get(b ?? '');
    if (!bias) continue;
    const qb = quantizeBias(tensorFloats(bias), params.get(conv.input[0]!)!.value.scale, scales);
    conv.input[2] = dequantize(
      b!,
      int32Tensor(`${b}_quantized`, [channels], qb.q),
      floatTensor(`${b}_scale`, [channels], qb.scales),
      int32Tensor(`${b}_zero_point`, [channels], new Int32Array(channels)),
    );
  }
  return { nodes, replaced };
}

/**
 * A QuantizeLinear → DequantizeLinear pair for each tensor in `params`, keyed by the name its producer
 * writes. Readers take the dequantised tensor, except Shape, which only needs the dimensions and reads the
 * 4× smaller uint8 tensor. A graph output keeps its name for the dequantised value.
 */
function qdqPairs(p: Plan, params: Map<string, QParams>): Map<string, NodeProto[]> {
  const pairs = new Map<string, NodeProto[]>();
  for (const [tensor, q] of params) {
    const isOutput = p.graphOutputs.has(tensor);
    const raw = isOutput ? `${tensor}_float` : tensor;
    const quantizedName = `${tensor}_quantized`;
    const dequantized = isOutput ? tensor : `${tensor}_dequantized`;
    for (const reader of p.readers.get(tensor) ?? []) {
      const replacement = reader.op_type === 'Shape' ? quantizedName : dequantized;
      reader.input = reader.input.map((i) => (i === tensor ? replacement : i));
    }
    const made = p.producer.get(tensor);
    if (made && isOutput) made.output = made.output.map((o) => (o === tensor ? raw : o));
    pairs.set(raw, [
      makeNode('QuantizeLinear', [raw, q.scale, q.zeroPoint], [quantizedName], `${tensor}_QuantizeLinear`),
      makeNode(
        'DequantizeLinear',
        [quantizedName, q.scale, q.zeroPoint],
        [dequantized],
        `${tensor}_DequantizeLinear`,
      ),
    ]);
  }
  return pairs;
}

/**
 * Rewrites a float graph (as prepareFloatGraph makes it) into QDQ form with the table's ranges. Throws
 * when a tensor that must be quantised has no range (the table was made for another graph) or a weight
 * is shared between nodes.
 */
export function quantizeQdq(model: ModelProto, table: CalibrationTable): QuantizeResult {
  const graph = model.graph ?? {};
  const p = plan(graph, new Set(table.keepFloat));
  const activations = [...(graph.input ?? []).map((i) => i.name ?? ''), ...p.nodes.flatMap((n) => n.output)];
  const params = activationParameters(p, activations, table);
  const weights = quantizeConvWeights(p, params);
  const pairs = qdqPairs(p, params);
  // Weight dequantisation first, then each pair right after the node that writes its tensor.
  const ordered: NodeProto[] = [...weights.nodes];
  for (const i of graph.input ?? []) ordered.push(...(pairs.get(i.name ?? '') ?? []));
  for (const n of p.nodes) {
    ordered.push(n);
    for (const o of n.output) ordered.push(...(pairs.get(o) ?? []));
  }
  return {
    model: {
      ...model,
      graph: {
        ...graph,
        node: ordered,
        initializer: [
          ...(graph.initializer ?? []).filter((t) => !weights.replaced.has(t.name ?? '')),
          ...p.added,
        ],
      },
    },
    quantizedNodes: p.quantized.size,
    quantizedTensors: params.size,
  };
}
