import {
  int64Tensor,
  makeNode,
  tensorAttribute,
  type GraphProto,
  type NodeProto,
  type TensorProto,
} from './onnx/onnx-model.ts';

/**
 * ISNet as exported bakes each decoder upsample's target size into a Constant (e.g. [32, 32] at 1024²
 * input), so the graph only runs at 1024². Every such Resize either feeds a Concat with a skip tensor
 * (U-Net decoder) or upsamples a side output to the input's size. This rewrites each baked size to the
 * run-time spatial shape of that skip tensor (or of the graph input): Slice(Shape(skip), 2, 4). The
 * model then runs at any input size, which the quick preview uses (512²: a quarter of the work).
 *
 * Returns the new node list, or null when the graph does not follow this pattern (the caller keeps the
 * fixed-size model). The graph itself is not changed.
 */
const unnamed = ({ name: _name, ...tensor }: TensorProto): TensorProto => tensor;

export function makeResizeSizesDynamic(graph: GraphProto): NodeProto[] | null {
  const graphInput = graph.input?.[0]?.name ?? '';
  const nodes = graph.node ?? [];
  const producer = new Map<string, number>();
  const consumers = new Map<string, number[]>();
  nodes.forEach((n, index) => {
    for (const o of n.output ?? []) producer.set(o, index);
    for (const i of n.input ?? []) consumers.set(i, [...(consumers.get(i) ?? []), index]);
  });
  // Resize output may pass through a Cast (fp16 graphs) before its consumer.
  const consumerOf = (tensor: string): NodeProto | undefined => {
    const next = nodes[consumers.get(tensor)?.[0] ?? -1];
    return next?.op_type === 'Cast' ? consumerOf(next.output![0]!) : next;
  };
  const replaceConstant = new Map<number, { constantOutput: string; skip: string; prefix: string }>();
  for (const resize of nodes.filter((n) => n.op_type === 'Resize')) {
    const sizesConcat = nodes[producer.get(resize.input?.[3] ?? '') ?? -1];
    if (!sizesConcat || sizesConcat.op_type !== 'Concat') return null;
    const constantOutput = sizesConcat.input?.find(
      (i) => nodes[producer.get(i) ?? -1]?.op_type === 'Constant',
    );
    if (!constantOutput) return null;
    const resized = resize.output![0]!;
    const consumer = consumerOf(resized);
    let skip = graphInput;
    if (consumer?.op_type === 'Concat') {
      const resizedNames = new Set([
        resized,
        ...(consumers.get(resized) ?? []).flatMap((i) => nodes[i]!.output ?? []),
      ]);
      skip = consumer.input?.find((i) => !resizedNames.has(i)) ?? '';
    }
    const sizesIndex = producer.get(resize.input![3]!)!;
    // The skip tensor must already exist where the new Shape node goes (topological order).
    if (!skip || (skip !== graphInput && (producer.get(skip) ?? Infinity) > sizesIndex)) return null;
    replaceConstant.set(sizesIndex, { constantOutput, skip, prefix: `/backdrop/dyn${sizesIndex}` });
  }
  if (replaceConstant.size === 0) return null;
  // The baked-size Constants are now unused; drop them so ORT does not warn about each one at load.
  const replaced = new Set([...replaceConstant.values()].map((r) => r.constantOutput));
  const unused = (n: NodeProto) =>
    n.op_type === 'Constant' &&
    (n.output ?? []).every((o) => replaced.has(o) && (consumers.get(o)?.length ?? 0) <= 1);
  const constant = (name: string, value: number) =>
    makeNode('Constant', [], [name], name, [
      tensorAttribute('value', unnamed(int64Tensor('', [1], [value]))),
    ]);
  const out: NodeProto[] = [];
  nodes.forEach((n, index) => {
    if (unused(n)) return;
    const rewrite = replaceConstant.get(index);
    if (!rewrite) return out.push(n);
    const { prefix, skip, constantOutput } = rewrite;
    const spatial = `${prefix}/spatial`;
    out.push(
      constant(`${prefix}/starts`, 2),
      constant(`${prefix}/ends`, 4),
      makeNode('Shape', [skip], [`${prefix}/shape`], `${prefix}/Shape`),
      makeNode(
        'Slice',
        [`${prefix}/shape`, `${prefix}/starts`, `${prefix}/ends`],
        [spatial],
        `${prefix}/Slice`,
      ),
      { ...n, input: n.input!.map((i) => (i === constantOutput ? spatial : i)) },
    );
  });
  return out;
}
