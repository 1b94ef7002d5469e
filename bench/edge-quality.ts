/**
 * Decontamination quality (issue 10), a section of bench:quality: soft edges of known colour — neutral,
 * saturated, light — on green, blue, red and grey backdrops (src/engine/testing/edge-scenes.ts), with the
 * true foreground known. Reports the mean colour error (RGB distance, 0..441) of the estimated foreground
 * in the edge band, with the true alpha, with an alpha that runs low (α^1.5, as a model's soft edge often
 * does) and with our model's alpha (what a user gets).
 */
import { estimateForegroundColors } from '../src/engine/segmentation/foreground.ts';
import { segment } from '../src/engine/segmentation/index.ts';
import {
  EDGE_BACKDROPS,
  EDGE_FOREGROUNDS,
  edgeColourError,
  edgeScene,
  type EdgeScene,
} from '../src/engine/testing/edge-scenes.ts';

const foregroundOf = (scene: EdgeScene, alpha: Uint8Array) =>
  estimateForegroundColors({
    workImage: scene.image,
    workAlpha: alpha,
    workWidth: scene.width,
    workHeight: scene.height,
    image: scene.image,
    channels: 3,
    alpha,
    width: scene.width,
    height: scene.height,
  });

/** The alpha a model gives when its soft edge runs low: α^1.5 (0.9 → 0.85, 0.5 → 0.35). */
const tooLow = (alpha: Uint8Array) => Uint8Array.from(alpha, (v) => Math.round(255 * (v / 255) ** 1.5));

export async function edgeQuality() {
  const rows: { scene: string; trueAlpha: number; lowAlpha: number; modelAlpha: number }[] = [];
  for (const foreground of Object.keys(EDGE_FOREGROUNDS)) {
    for (const backdrop of Object.keys(EDGE_BACKDROPS)) {
      const scene = edgeScene(foreground, backdrop);
      const raw = { width: scene.width, height: scene.height, channels: 3 as const };
      const model = (await segment({ data: scene.image, ...raw })).alpha;
      const low = tooLow(scene.alpha);
      const row = {
        scene: scene.name,
        trueAlpha: edgeColourError(scene, foregroundOf(scene, scene.alpha), scene.alpha).mean,
        lowAlpha: edgeColourError(scene, foregroundOf(scene, low), low).mean,
        modelAlpha: edgeColourError(scene, foregroundOf(scene, model), model).mean,
      };
      rows.push(row);
      const f = (v: number) => v.toFixed(1).padStart(5);
      console.log(
        `${row.scene.padEnd(20)} edge colour error: true alpha ${f(row.trueAlpha)}, alpha too low ${f(row.lowAlpha)}, model alpha ${f(row.modelAlpha)}`,
      );
    }
  }
  const mean = (pick: (r: (typeof rows)[number]) => number) =>
    rows.reduce((sum, r) => sum + pick(r), 0) / rows.length;
  const summary = {
    trueAlpha: mean((r) => r.trueAlpha),
    lowAlpha: mean((r) => r.lowAlpha),
    modelAlpha: mean((r) => r.modelAlpha),
  };
  console.log(
    `decontamination, mean edge colour error (RGB distance) over ${rows.length} scenes: true alpha ${summary.trueAlpha.toFixed(2)}, alpha too low ${summary.lowAlpha.toFixed(2)}, model alpha ${summary.modelAlpha.toFixed(2)}`,
  );
  return { summary, rows };
}
