"""Scores int8 models against the float graph on a folder of photos with true masks (make-photos.ts): the
model's output at 1024², mean IoU (at 0.5) and MAE against the true masks, for the float graph and each
model, and each model's lowest IoU against the float graph's mask.

    python evaluate.py FLOAT.onnx PHOTO_DIR MODEL.onnx ... [--flip]

--flip also scores each model with its output averaged with that of the mirrored photo (flip test-time
augmentation, BACKDROP_FLIP_TTA). Needs onnxruntime, numpy and pillow.
"""
import argparse
import glob
import os

import numpy as np
import onnxruntime as ort
from PIL import Image


def photo_input(path, mirror=False):
    """As the engine feeds ISNet: RGB (already 1024²) as (x - 128) / 256, NCHW."""
    rgb = np.asarray(Image.open(path).convert('RGB'), dtype=np.float32)
    x = ((rgb - 128) / 256).transpose(2, 0, 1)[None]
    return (x[..., ::-1] if mirror else x).copy()


def true_mask(path):
    return np.asarray(Image.open(path[:-4] + '.mask.png').convert('L'), dtype=np.float32) / 255


def outputs(model, photos, flip):
    options = ort.SessionOptions()
    options.enable_cpu_mem_arena = False
    session = ort.InferenceSession(model, options, providers=['CPUExecutionProvider'])
    name = session.get_outputs()[0].name
    run = lambda x: session.run([name], {session.get_inputs()[0].name: x})[0][0, 0]
    for photo in photos:
        out = run(photo_input(photo))
        yield (out + run(photo_input(photo, True))[:, ::-1]) / 2 if flip else out


def iou(a, b):
    a, b = a >= 0.5, b >= 0.5
    return (a & b).sum() / max(1, (a | b).sum())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('float_model')
    parser.add_argument('photo_dir')
    parser.add_argument('models', nargs='+')
    parser.add_argument('--flip', action='store_true')
    args = parser.parse_args()
    photos = sorted(p for p in glob.glob(os.path.join(args.photo_dir, '*.png')) if not p.endswith('.mask.png'))
    if not photos:
        raise SystemExit(f'no photos (*.png with *.mask.png) in {args.photo_dir}; run make-photos.ts first')
    truth = [true_mask(p) for p in photos]
    reference = list(outputs(args.float_model, photos, False))
    runs = [('float', args.float_model, False)] + [(os.path.basename(m), m, False) for m in args.models]
    if args.flip:
        runs += [(name + ' +flip', m, True) for name, m, _ in runs]
    for name, model, flip in runs:
        out = reference if model == args.float_model and not flip else list(outputs(model, photos, flip))
        print('%-28s IoU %.4f  MAE %.5f  lowest IoU vs float %.4f' % (
            name,
            np.mean([iou(o, t) for o, t in zip(out, truth)]),
            np.mean([np.abs(o - t).mean() for o, t in zip(out, truth)]),
            min(iou(o, r) for o, r in zip(out, reference))), flush=True)


if __name__ == '__main__':
    main()
