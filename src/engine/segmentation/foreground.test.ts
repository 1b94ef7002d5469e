import { describe, expect, it } from 'vitest';
import { edgeColourError, edgeScene } from '../testing/edge-scenes.ts';
import { estimateForegroundColors } from './foreground.ts';

/** The alpha a model gives when its soft edge runs low: α^1.5 (0.9 → 0.85, 0.5 → 0.35). */
const tooLow = (alpha: Uint8Array) => Uint8Array.from(alpha, (v) => Math.round(255 * (v / 255) ** 1.5));

function estimate(scene: ReturnType<typeof edgeScene>, alpha: Uint8Array) {
  const { image, width, height } = scene;
  return estimateForegroundColors({
    workImage: image,
    workAlpha: alpha,
    workWidth: width,
    workHeight: height,
    image,
    channels: 3,
    alpha,
    width,
    height,
  });
}

describe('decontamination (issue 10: neutral edges turned magenta on green)', () => {
  it('keeps a dark grey part grey on green when the alpha runs low: no channel pushed past the part’s colour', () => {
    const scene = edgeScene('neutral', 'green', 192);
    const alpha = tooLow(scene.alpha);
    const colours = estimate(scene, alpha);
    // In the edge band the green channel must not fall below the others (the magenta rim: (41, 8, 38)).
    let worst = 0;
    for (let p = 0; p < alpha.length; p++) {
      const a = scene.alpha[p]!;
      if (a < 26 || a > 229 || alpha[p] === 0) continue;
      const [r, g, b] = [colours[p * 3]!, colours[p * 3 + 1]!, colours[p * 3 + 2]!];
      worst = Math.max(worst, (r + b) / 2 - g);
    }
    expect(worst).toBeLessThan(8);
    expect(edgeColourError(scene, colours, alpha).mean).toBeLessThan(4);
  });

  it('stays as close as before with the true alpha, on every backdrop', () => {
    for (const backdrop of ['green', 'blue', 'red', 'grey']) {
      const scene = edgeScene('light', backdrop, 192);
      expect(edgeColourError(scene, estimate(scene, scene.alpha), scene.alpha).mean, backdrop).toBeLessThan(
        6,
      );
    }
  });
});
