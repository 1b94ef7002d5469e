"""Activation ranges of ISNet for its int8 (QDQ) variant: the table qdq.ts reads.

Runs the float graph (export-float.ts) on the calibration photos (make-photos.ts) at 1024², records every
float activation's min/max (pass 1), then a 4096-bin histogram of each over [min, max] (pass 2), and sets
each tensor's range to quantiles of its histogram (the low end only for tensors with negative values):
0.005 % / 99.995 % in the encoder (conv_in, stage1-6 and their pools), 0.01 % / 99.99 % in the decoder.
The graph input is not measured: the engine feeds (x - 128) / 256 for 8-bit x, so its range is exactly
[-128/256, 127/256], where uint8 (scale 1/256, zero point 128) represents every input value exactly.
Measured against alternatives (see README.md): plain min/max ranges ruin the mask (one tensor spans
[-1926, 22], so int8 steps are 7.6 wide); one quantile for all tensors either clips the encoder's rare
large activations on busy and striped backdrops (99.99 %) or coarsens the decoder's steps (99.999 %).

`--histograms FILE` keeps pass 1 and 2 (~70 min on 2 cores) in an .npz file: when FILE exists the photos
are not run again, so changing how ranges are chosen from the histograms takes seconds.

Memory: all of a 1024² pass's activations at once need ~7 GB, so each pass fetches them in groups of
`--group` tensors (onnxruntime computes the whole graph each time, keeping only the fetched outputs).

    python calibrate.py FLOAT.onnx PHOTO_DIR OUT.json [--keep-float NODE ...] [--group 180]
                        [--histograms FILE.npz]

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
# Share of values left outside a tensor's range at each end. On 48 dev photos (make-photos.ts --set dev
# --count 48) and against fp32: 1e-4 everywhere lost 0.0036 IoU (busy and striped backdrops), 1e-5
# everywhere raised MAE by 0.0028, 5e-5 in the encoder with 1e-4 in the decoder held both (README.md).
ENCODER_TAIL = 5e-5
DECODER_TAIL = 1e-4
# The engine's input normalisation, (x - 128) / 256 for x in 0..255 (registry.ts, isnet-fp16: mean 128/255, std 256/255).
INPUT_RANGE = [-128 / 256, 127 / 256]


def is_encoder(node):
    """Whether a node (by name) is in conv_in, stage1-6 (not the decoder's stage1d-5d) or a pool between."""
    part = node.split('/')[1] if node.startswith('/') else ''
    return part == 'conv_in' or part.startswith('pool') or (part.startswith('stage') and not part.endswith('d'))


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


def measure_histograms(session, input_name, photos, names, group):
    """Pass 1: each tensor's min/max over all photos; pass 2: its BINS-bin histogram over [min, max]."""
    lo = {n: np.inf for n in names}
    hi = {n: -np.inf for n in names}
    for _, name, value in each_activation(session, input_name, photos, names, group, 'pass 1 (min/max)'):
        lo[name] = min(lo[name], float(value.min()))
        hi[name] = max(hi[name], float(value.max()))
    hist = {n: np.zeros(BINS, np.int64) for n in names}
    for _, name, value in each_activation(session, input_name, photos, names, group, 'pass 2 (histograms)'):
        top = hi[name] if hi[name] > lo[name] else lo[name] + 1e-6
        hist[name] += np.histogram(value, BINS, range=(lo[name], top))[0]
    return lo, hi, hist


def load_histograms(path, names):
    """lo, hi, hist dicts from a --histograms file; fails if it lacks one of the graph's tensors."""
    saved = np.load(path)
    index = {str(n): i for i, n in enumerate(saved['names'])}
    missing = [n for n in names if n not in index]
    if missing:
        raise SystemExit(f'{path} has no histogram for {len(missing)} tensors (e.g. {missing[0]}); delete it to measure again')
    pick = lambda key: {n: saved[key][index[n]] for n in names}
    return pick('lo'), pick('hi'), pick('hist')


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
    parser.add_argument('--histograms', help='.npz file keeping pass 1 and 2 (read when it exists)')
    parser.add_argument('--photos-note', help='what the photos are, for the table (default: their folder)')
    args = parser.parse_args()

    model = onnx.load(args.float_model)
    output = model.graph.output[0].name
    input_name = model.graph.input[0].name
    names = float_activations(model)
    photos = sorted(p for p in glob.glob(os.path.join(args.photo_dir, '*.png')) if not p.endswith('.mask.png'))
    if not photos:
        raise SystemExit(f'no calibration photos (*.png) in {args.photo_dir}; run make-photos.ts first')

    if args.histograms and os.path.exists(args.histograms):
        lo, hi, hist = load_histograms(args.histograms, names)
    else:
        session = session_fetching_all(model, names)
        lo, hi, hist = measure_histograms(session, input_name, photos, names, args.group)
        if args.histograms:
            np.savez(args.histograms, names=np.array(names), lo=np.array([lo[n] for n in names]),
                     hi=np.array([hi[n] for n in names]), hist=np.stack([hist[n] for n in names]))

    producer = {o: n.name for n in model.graph.node for o in n.output}
    ranges = {}
    for name in names:
        if name == input_name:
            ranges[name] = INPUT_RANGE  # exact (both ends are multiples of 2^-8), not rounded
            continue
        tail = ENCODER_TAIL if is_encoder(producer[name]) else DECODER_TAIL
        a, b = quantile_range(lo[name], hi[name], hist[name], tail)
        ranges[name] = [float(f'{a:.6g}'), float(f'{b:.6g}')]
    table = {
        'format': 1,
        'model': 'isnet-fp16',
        'output': output,
        'method': 'per-tensor quantiles of a 4096-bin histogram: 0.005 %/99.995 % encoder, 0.01 %/99.99 % decoder; input exact',
        'photos': f'{len(photos)} {args.photos_note or "from " + args.photo_dir}, at {SIZE}²',
        'onnxruntime': ort.__version__,
        'keepFloat': args.keep_float,
        'ranges': ranges,
    }
    with open(args.out, 'w') as f:
        f.write(as_prettier_json(table))
    print(f'{args.out}: {len(ranges)} tensor ranges from {len(photos)} photos, {len(args.keep_float)} nodes float')


if __name__ == '__main__':
    main()
