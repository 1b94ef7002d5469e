import { decodeFields, encodeFields, int, msg, raw, str, WIRE, type Field } from './protobuf.ts';

/**
 * ISNet as exported bakes each decoder upsample's target size into a Constant (e.g. [32, 32] at 1024²
 * input), so the graph only runs at 1024². Every such Resize either feeds a Concat with a skip tensor
 * (U-Net decoder) or upsamples a side output to the input's size. This rewrites each baked size to the
 * run-time spatial shape of that skip tensor (or of the graph input): Slice(Shape(skip), 2, 4). The
 * model then runs at any input size, which the quick preview uses (512²: a quarter of the work).
 *
 * Returns null when the graph does not follow this pattern (the caller keeps the fixed-size model).
 */
const textDecoder = new TextDecoder();
const text = (f: Field | undefined) => (f?.bytes ? textDecoder.decode(f.bytes) : '');

interface NodeView {
  fields: Field[];
  opType: string;
  inputs: string[];
  outputs: string[];
}

function view(fields: Field[]): NodeView {
  return {
    fields,
    opType: text(fields.find((f) => f.field === 4)),
    inputs: fields.filter((f) => f.field === 1).map(text),
    outputs: fields.filter((f) => f.field === 2).map(text),
  };
}

function int64Constant(name: string, values: number[]): Field[] {
  const data = new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer);
  const tensor = [int(1, values.length), int(2, 7 /* INT64 */), raw(9, data)];
  return [
    str(2, name),
    str(3, name),
    str(4, 'Constant'),
    msg(5, str(1, 'value'), int(20, 4 /* TENSOR */), msg(5, ...tensor)),
  ];
}

const node = (name: string, op: string, inputs: string[], output: string): Field[] => [
  ...inputs.map((i) => str(1, i)),
  str(2, output),
  str(3, name),
  str(4, op),
];

/** Rewrites a GraphProto's nodes; returns the new node fields or null if the pattern is not found. */
export function makeResizeSizesDynamic(graph: Field[]): Field[] | null {
  const inputField = graph.find((f) => f.field === 11);
  const graphInput = inputField?.bytes ? text(decodeFields(inputField.bytes).find((f) => f.field === 1)) : '';
  const nodes = graph.filter((f) => f.field === 1).map((f) => view(decodeFields(f.bytes!)));
  const producer = new Map<string, number>();
  const consumers = new Map<string, number[]>();
  nodes.forEach((n, index) => {
    for (const o of n.outputs) producer.set(o, index);
    for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), index]);
  });
  // Resize output may pass through a Cast (fp16 graphs) before its consumer.
  const consumerOf = (tensor: string): NodeView | undefined => {
    const next = nodes[consumers.get(tensor)?.[0] ?? -1];
    return next?.opType === 'Cast' ? consumerOf(next.outputs[0]!) : next;
  };
  const replaceConstant = new Map<number, { constantOutput: string; skip: string; prefix: string }>();
  for (const resize of nodes.filter((n) => n.opType === 'Resize')) {
    const sizesConcat = nodes[producer.get(resize.inputs[3] ?? '') ?? -1];
    if (!sizesConcat || sizesConcat.opType !== 'Concat') return null;
    const constantOutput = sizesConcat.inputs.find(
      (i) => nodes[producer.get(i) ?? -1]?.opType === 'Constant',
    );
    if (!constantOutput) return null;
    const consumer = consumerOf(resize.outputs[0]!);
    let skip = graphInput;
    if (consumer?.opType === 'Concat') {
      const resized = new Set([
        resize.outputs[0]!,
        ...(consumers.get(resize.outputs[0]!) ?? []).flatMap((i) => nodes[i]!.outputs),
      ]);
      skip = consumer.inputs.find((i) => !resized.has(i)) ?? '';
    }
    const sizesIndex = producer.get(resize.inputs[3]!)!;
    // The skip tensor must already exist where the new Shape node goes (topological order).
    if (!skip || (skip !== graphInput && (producer.get(skip) ?? Infinity) > sizesIndex)) return null;
    replaceConstant.set(sizesIndex, { constantOutput, skip, prefix: `/backdrop/dyn${sizesIndex}` });
  }
  if (replaceConstant.size === 0) return null;
  // The baked-size Constants are now unused; drop them so ORT does not warn about each one at load.
  const replaced = new Set([...replaceConstant.values()].map((r) => r.constantOutput));
  const unused = (n: NodeView) =>
    n.opType === 'Constant' &&
    n.outputs.every((o) => replaced.has(o) && (consumers.get(o)?.length ?? 0) <= 1);
  const out: Field[] = [];
  nodes.forEach((n, index) => {
    if (unused(n)) return;
    const rewrite = replaceConstant.get(index);
    if (rewrite) {
      const { prefix, skip, constantOutput } = rewrite;
      const spatial = `${prefix}/spatial`;
      for (const extra of [
        int64Constant(`${prefix}/starts`, [2]),
        int64Constant(`${prefix}/ends`, [4]),
        node(`${prefix}/Shape`, 'Shape', [skip], `${prefix}/shape`),
        node(`${prefix}/Slice`, 'Slice', [`${prefix}/shape`, `${prefix}/starts`, `${prefix}/ends`], spatial),
      ]) {
        out.push({ field: 1, wire: WIRE.bytes, bytes: encodeFields(extra) });
      }
      const fields = n.fields.map((f) => (f.field === 1 && text(f) === constantOutput ? str(1, spatial) : f));
      out.push({ field: 1, wire: WIRE.bytes, bytes: encodeFields(fields) });
    } else {
      out.push({ field: 1, wire: WIRE.bytes, bytes: encodeFields(n.fields) });
    }
  });
  return out;
}
