/**
 * Box quality (issue 12): on cluttered table-top scenes the project makes (several products, one of them
 * the subject, its exact visible mask known — src/engine/testing/synthetic-scenes.ts), a box drawn around
 * the true subject (its bounds + 5 % margin) against the automatic run. Reports every merge rule of the
 * same two predictions (full photo, crop around the box), so the chosen rule is measured, not assumed.
 */
import { BOX_CONTEXT, boxPredictions } from '../src/engine/segmentation/subject-box.ts';
import { mergeBoxMask, subjectBounds, type BoxMergeRule } from '../src/engine/render/mask-ops.ts';
import { scoreMask, type MaskScores } from '../src/engine/testing/mask-metrics.ts';
import { boxAround, clutteredSuite, renderScene } from '../src/engine/testing/synthetic-scenes.ts';

const RULES: BoxMergeRule[] = ['consensus', 'max', 'crop', 'full'];

export interface BoxRow {
  image: string;
  boxSide: number;
  auto: MaskScores;
  rules: Record<BoxMergeRule, MaskScores>;
}

export async function boxQuality(count: number, size: number) {
  const rows: BoxRow[] = [];
  for (const spec of clutteredSuite(count, size)) {
    const scene = await renderScene(spec);
    const { width, height } = scene;
    const box = boxAround(subjectBounds(scene.mask, width, height, 128)!, width, height, 0.05);
    const image = { data: scene.image, width, height, channels: 3 as const };
    const { full, crop, cropRect } = await boxPredictions(image, box);
    const score = (alpha: Uint8Array) => scoreMask(alpha, scene.mask, width, height);
    const rules = Object.fromEntries(
      RULES.map((rule) => [rule, score(mergeBoxMask(full.alpha, crop, cropRect, box, width, height, rule))]),
    ) as Record<BoxMergeRule, MaskScores>;
    const row = {
      image: scene.name,
      boxSide: Math.max(box.width, box.height),
      auto: score(full.alpha),
      rules,
    };
    rows.push(row);
    console.log(
      `${scene.name.padEnd(34)} auto IoU ${row.auto.iou.toFixed(3)} | ` +
        RULES.map((r) => `${r} ${rules[r].iou.toFixed(3)}`).join(' | '),
    );
  }
  const mean = (pick: (r: BoxRow) => MaskScores) => ({
    iou: rows.reduce((s, r) => s + pick(r).iou, 0) / rows.length,
    mae: rows.reduce((s, r) => s + pick(r).mae, 0) / rows.length,
    boundaryF: rows.reduce((s, r) => s + pick(r).boundaryF, 0) / rows.length,
  });
  const summary = {
    scenes: rows.length,
    boxContext: BOX_CONTEXT,
    auto: mean((r) => r.auto),
    ...Object.fromEntries(RULES.map((rule) => [`box (${rule})`, mean((r) => r.rules[rule])])),
  };
  console.table(
    Object.fromEntries(
      Object.entries(summary)
        .filter(([, v]) => typeof v === 'object')
        .map(([k, v]) => {
          const s = v as MaskScores;
          return [k, { IoU: s.iou.toFixed(4), MAE: s.mae.toFixed(4), 'boundary F': s.boundaryF.toFixed(4) }];
        }),
    ),
  );
  return { summary, rows };
}
