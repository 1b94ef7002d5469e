import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { blurBackground, blurStrength, discKernel } from './blur.ts';
import { highlightGain, unboost } from './lens-light.ts';

const NIGHT = [18, 20, 26] as const;

/** A dark backdrop with small bright points (lamps, glints) and no object: the bokeh test scene. */
function nightScene(size: number, points: { x: number; y: number }[], dotRadius: number) {
  const rgb = Buffer.alloc(size * size * 3);
  for (let p = 0; p < size * size; p++) rgb.set(NIGHT, p * 3);
  for (const point of points) {
    for (let y = -dotRadius; y <= dotRadius; y++) {
      for (let x = -dotRadius; x <= dotRadius; x++) {
        if (x * x + y * y <= dotRadius * dotRadius)
          rgb.fill(
            255,
            ((point.y + y) * size + point.x + x) * 3,
            ((point.y + y) * size + point.x + x) * 3 + 3,
          );
      }
    }
  }
  return { rgb, alpha: Buffer.alloc(size * size), size };
}

function grey(out: Buffer, size: number, x: number, y: number): number {
  const i = (Math.round(y) * size + Math.round(x)) * 3;
  return (out[i]! + out[i + 1]! + out[i + 2]!) / 3;
}

describe('lens blur highlights', () => {
  const size = 600;
  const points = [
    { x: 150, y: 150 },
    { x: 450, y: 170 },
    { x: 300, y: 440 },
  ];
  const dotRadius = 3;
  const scene = nightScene(size, points, dotRadius);
  const radius = blurStrength('lens', 'high', size, size);

  it('turns each small bright point into a bright disc with a visible edge', async () => {
    const out = await blurBackground(scene.rgb, scene.alpha, size, size, 'lens', 'high');
    const background = grey(out, size, 20, 580);
    expect(Math.abs(background - 20)).toBeLessThan(3);
    // What a plain disc over the bytes gives: the point's bytes spread over the disc's area.
    const dotArea = Math.PI * dotRadius * dotRadius;
    const plainDisc = 20 + ((255 - 20) * dotArea) / (Math.PI * radius * radius);
    for (const { x, y } of points) {
      const centre = grey(out, size, x, y);
      const label = `point ${x},${y}: centre ${centre}, plain disc ${plainDisc.toFixed(1)}`;
      expect(centre, label).toBeGreaterThan(plainDisc + 60);
      for (const [dx, dy] of [
        [1, 0],
        [0, 1],
        [-0.6, -0.8],
      ] as const) {
        const inside = grey(out, size, x + dx * 0.7 * radius, y + dy * 0.7 * radius);
        const outside = grey(out, size, x + dx * 1.3 * radius, y + dy * 1.3 * radius);
        expect(centre - inside, `${label}, at 0.7·r ${inside}`).toBeLessThan(0.15 * (centre - background));
        expect(Math.abs(outside - background), `${label}, at 1.3·r ${outside}`).toBeLessThan(4);
      }
    }
  });

  it('regular (Gaussian) blur still spreads the same points into a faint smudge', async () => {
    const out = await blurBackground(scene.rgb, scene.alpha, size, size, 'regular', 'high');
    for (const { x, y } of points) expect(grey(out, size, x, y)).toBeLessThan(40);
  });

  it('looks the same on a 256 px preview and a 1024 px original', async () => {
    const scaled = (side: number) =>
      nightScene(
        side,
        points.map(({ x, y }) => ({ x: Math.round((x * side) / size), y: Math.round((y * side) / size) })),
        Math.round((8 * side) / 1024),
      );
    const small = scaled(256);
    const large = scaled(1024);
    const smallOut = await blurBackground(small.rgb, small.alpha, 256, 256, 'lens', 'medium');
    const largeOut = await blurBackground(large.rgb, large.alpha, 1024, 1024, 'lens', 'medium');
    const largeDown = await sharp(largeOut, { raw: { width: 1024, height: 1024, channels: 3 } })
      .resize(256, 256, { kernel: 'linear' })
      .raw()
      .toBuffer();
    let diff = 0;
    for (let i = 0; i < smallOut.length; i++) diff += Math.abs(smallOut[i]! - largeDown[i]!);
    expect(diff / smallOut.length).toBeLessThan(3);
    // Not trivially equal because both are blank: the discs are there.
    for (const { x, y } of points)
      expect(grey(smallOut, 256, (x * 256) / size, (y * 256) / size)).toBeGreaterThan(60);
  });
});

describe('lens blur on flat backgrounds', () => {
  const size = 300;
  const subject = { left: 100, top: 80, width: 100, height: 140 };
  for (const colour of [
    [150, 120, 200],
    [242, 238, 230],
    [255, 255, 255],
    [12, 10, 8],
  ] as const) {
    it(`keeps ${colour.join(',')} flat beside a dark object: no tint, no brightness shift`, async () => {
      const rgb = Buffer.alloc(size * size * 3);
      const alpha = Buffer.alloc(size * size);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const p = y * size + x;
          const inside =
            x >= subject.left &&
            x < subject.left + subject.width &&
            y >= subject.top &&
            y < subject.top + subject.height;
          rgb.set(inside ? [30, 200, 40] : colour, p * 3);
          alpha[p] = inside ? 255 : 0;
        }
      }
      for (const level of ['low', 'high'] as const) {
        const out = await blurBackground(rgb, alpha, size, size, 'lens', level);
        const sums = [0, 0, 0];
        let count = 0;
        let worst = 0;
        for (let p = 0; p < size * size; p++) {
          if (alpha[p]) continue;
          count++;
          for (let c = 0; c < 3; c++) {
            sums[c]! += out[p * 3 + c]!;
            worst = Math.max(worst, Math.abs(out[p * 3 + c]! - colour[c]!));
          }
        }
        const means = sums.map((sum) => sum / count);
        for (let c = 0; c < 3; c++)
          expect(Math.abs(means[c]! - colour[c]!), `${level} mean ${means}`).toBeLessThan(2);
        // The object's green must not reach the background, not even right at its edge.
        expect(worst, `${level}: worst pixel off by ${worst}`).toBeLessThanOrEqual(4);
      }
    });
  }
});

describe('bokeh kernel', () => {
  it('is brighter on its outer ring than in the middle when a rim is asked for, flat otherwise', () => {
    const at = (k: ReturnType<typeof discKernel>, x: number, y: number) =>
      k.kernel[(y + (k.height - 1) / 2) * k.width + x + (k.width - 1) / 2]!;
    const plain = discKernel(6);
    const rimmed = discKernel(6, 0.3);
    expect(at(plain, 5, 0)).toBe(at(plain, 0, 0));
    expect(at(rimmed, 0, 0)).toBe(1);
    expect(at(rimmed, 5, 0)).toBeGreaterThan(1.15);
    expect(at(rimmed, 0, 6)).toBeLessThan(at(rimmed, 0, 5)); // the anti-aliased edge still falls off
  });
});

describe('highlight boost', () => {
  it('is inverted exactly, so a flat colour comes back as itself', () => {
    for (let y = 0; y <= 1; y += 1 / 512) expect(unboost(y * highlightGain(y))).toBeCloseTo(y, 4);
  });

  it('leaves ordinary tones alone and multiplies white', () => {
    expect(highlightGain(0.5)).toBe(1);
    expect(highlightGain(1)).toBeGreaterThan(10);
    expect(unboost(1000)).toBe(1);
  });
});
