"""Activation ranges of ISNet for its int8 (QDQ) variant: the table qdq.ts reads.

Runs the float graph (export-float.ts) on the calibration photos (make-photos.ts) at 1024², records every
float activation's min/max (pass 1), then a 4096-bin histogram of each over [min, max] (pass 2), and sets
each tensor's range to its 0.01 % and 99.99 % quantiles (the low end only for tensors with negative
values). Measured on the dev photos against alternatives (see README.md): plain min/max ranges ruin the
mask (one tensor spans [-1926, 22], so int8 steps are 7.6 wide), MSE-optimal ranges and 99.9-99.995 %
quantiles hold it less well.

Memory: all of a 1024² pass's activations at once need ~7 GB, so each pass fetches them in groups of
`--group` tensors (onnxruntime computes the whole graph each time, keeping only the fetched outputs).

    python calibrate.py FLOAT.onnx PHOTO_DIR OUT.json [--keep-float NODE ...] [--group 180]

Needs onnxruntime, onnx, numpy and pillow (pip install onnxruntime onnx numpy pillow); only this one-off
step does.
"""
import argparse
import glob
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from PIL import Image

SIZE = 1024
BINS = 4096
# The ops qdq.ts quantises; their float outputs (and the graph input) are what need ranges.
OPS = {'Conv', 'Relu', 'MaxPool', 'Concat', 'Resize', 'Add', 'Sigmoid'}


def float_activations(model):
    inferred = onnx.shape_inference.infer_shapes(model)
    floats = {v.name for v in inferred.graph.value_info if v.type.tensor_type.elem_type == onnx.TensorProto.FLOAT}
    floats |= {o.name for o in model.graph.output}
    names = [i.name for i in model.graph.input]
    names += [o for n in model.graph.node if n.op_type in OPS for o in n.output if o in floats]
    return names


def session_fetching_all(model, names):
    have = {o.name for o in model.graph.output}
    for name in names:
        if name not in have:
            model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    options = ort.SessionOptions()
    options.enable_cpu_mem_arena = False
    return ort.InferenceSession(model.SerializeToString(), options, providers=['CPUExecutionProvider'])


def photo_input(path):
    """As the engine feeds ISNet: RGB stretched to 1024², (x - 128) / 256, NCHW."""
    rgb = np.asarray(Image.open(path).convert('RGB').resize((SIZE, SIZE), Image.BILINEAR), dtype=np.float32)
    return ((rgb - 128) / 256).transpose(2, 0, 1)[None].copy()


def each_activation(session, input_name, photos, names, group, label):
    for index, photo in enumerate(photos):
        print(f'{label}: photo {index + 1}/{len(photos)}', file=sys.stderr, flush=True)
        x = photo_input(photo)
        for start in range(0, len(names), group):
            chunk = names[start:start + group]
            for name, value in zip(chunk, session.run(chunk, {input_name: x})):
                yield index, name, value


def quantile_range(lo, hi, hist, tail=1e-4):
    """[a, b] ⊇ {0}: the `tail` and 1 - `tail` quantiles of the histogram (a = 0 for non-negative data)."""
    edges = np.linspace(lo, hi, len(hist) + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    cdf = np.cumsum(hist) / hist.sum()
    a = centres[np.searchsorted(cdf, tail)] if lo < 0 else 0.0
    b = centres[min(len(centres) - 1, np.searchsorted(cdf, 1 - tail))]
    return float(min(a, 0.0)), float(max(b, 0.0))


def as_prettier_json(table):
    """JSON laid out as the repo's Prettier lays it out (objects one key a line, short arrays inline)."""
    lines = ['{']
    for i, (key, value) in enumerate(table.items()):
        comma = ',' if i < len(table) - 1 else ''
        if isinstance(value, dict):
            lines.append(f'  {json.dumps(key)}: {{')
            items = list(value.items())
            for j, (name, pair) in enumerate(items):
                lines.append(f'    {json.dumps(name)}: {json.dumps(pair)}' + (',' if j < len(items) - 1 else ''))
            lines.append('  }' + comma)
        else:
            lines.append(f'  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}')
    return '\n'.join(lines + ['}', ''])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('float_model')
    parser.add_argument('photo_dir')
    parser.add_argument('out')
    parser.add_argument('--keep-float', nargs='*', default=[], help='node names that stay float')
    parser.add_argument('--group', type=int, default=180, help='tensors fetched per pass (memory)')
    args = parser.parse_args()

    model = onnx.load(args.float_model)
    output = model.graph.output[0].name
    input_name = model.graph.input[0].name
    names = float_activations(model)
    session = session_fetching_all(model, names)
    photos = sorted(p for p in glob.glob(os.path.join(args.photo_dir, '*.png')) if not p.endswith('.mask.png'))
    if not photos:
        raise SystemExit(f'no calibration photos (*.png) in {args.photo_dir}; run make-photos.ts first')

    lo = {n: np.inf for n in names}
    hi = {n: -np.inf for n in names}
    for index, name, value in each_activation(session, input_name, photos, names, args.group, 'pass 1 (min/max)'):
        lo[name] = min(lo[name], float(value.min()))
        hi[name] = max(hi[name], float(value.max()))
    hist = {n: np.zeros(BINS, np.int64) for n in names}
    for index, name, value in each_activation(session, input_name, photos, names, args.group, 'pass 2 (histograms)'):
        top = hi[name] if hi[name] > lo[name] else lo[name] + 1e-6
        hist[name] += np.histogram(value, BINS, range=(lo[name], top))[0]

    ranges = {}
    for name in names:
        a, b = quantile_range(lo[name], hi[name], hist[name])
        ranges[name] = [float(f'{a:.6g}'), float(f'{b:.6g}')]
    table = {
        'format': 1,
        'model': 'isnet-fp16',
        'output': output,
        'method': 'per-tensor 0.01 % and 99.99 % quantiles of a 4096-bin histogram',
        'photos': f'{len(photos)} generated by make-photos.ts --set calibration, at {SIZE}²',
        'onnxruntime': ort.__version__,
        'keepFloat': args.keep_float,
        'ranges': ranges,
    }
    with open(args.out, 'w') as f:
        f.write(as_prettier_json(table))
    print(f'{args.out}: {len(ranges)} tensor ranges from {len(photos)} photos, {len(args.keep_float)} nodes float')


if __name__ == '__main__':
    main()
