/**
 * The local engine behind the executor interface: recipe → plan, fetch the plan's URLs under the SSRF
 * guard, a quick `maxSide: 512` preview first (stored as the job's preview; BACKDROP_LOCAL_PREVIEW=0 skips
 * it), then the full result.
 */
import { readFile } from 'node:fs/promises';
import {
  RequestError,
  constrainPlan,
  dialectIds,
  requestWarnings,
  toPlan,
  type Plan,
} from '../../recipe/index.ts';
import { decoderName, EngineError, engineInfo, needsSubject, runPlan } from '../../engine/index.ts';
import type { Config } from '../config.ts';
import { HttpError } from '../errors.ts';
import { fetchAsset } from './fetch-asset.ts';
import type { Executor, ExecutorResult } from './types.ts';

const PREVIEW_SIDE = 512;

function engineFailure(error: unknown): unknown {
  if (error instanceof EngineError) {
    const code = error.code === 'cancelled' ? 'cancelled' : error.code;
    return new HttpError(422, { code, message: error.message, executor: 'local' });
  }
  if (error instanceof RequestError) {
    const first = error.issues.find((issue) => issue.severity === 'error');
    return new HttpError(400, {
      code: 'invalid-request',
      message: first?.message ?? error.message,
      executor: 'local',
      ...(first?.path ? { path: first.path } : {}),
    });
  }
  return error;
}

/** The engine's model and precision (predicted from the settings and the CPU until the model loads). */
function model(): NonNullable<ReturnType<NonNullable<Executor['model']>>> {
  const info = engineInfo();
  return { id: info.modelId, precision: info.precision, reason: info.precisionReason };
}

/** `decodable`: the MIME types this process's decoder proved it decodes (engine `decodableFormats()`). */
export function createLocalExecutor(config: Config, decodable: readonly string[]): Executor {
  return {
    id: 'local',
    label: 'Local engine',
    dialects: dialectIds(),
    inputTypes: decodable,
    cannotTake: (typeLabel) =>
      `the local engine cannot decode on this server (${decoderName()} has no ${typeLabel} decoder)`,
    unavailableReason: () => null,
    concurrency: (c) => c.localConcurrency,
    model,
    async run(ctx) {
      try {
        let plan: Plan = toPlan(ctx.dialect, ctx.request);
        if (ctx.preset) {
          // A preset's rule the request cannot carry (a maximum file size in Claid) is met here.
          const constrained = constrainPlan(plan, ctx.preset);
          plan = constrained.plan;
          for (const note of constrained.notes) ctx.warn({ path: 'preset', message: note });
        }
        let image: Buffer;
        if (ctx.input) image = await readFile(ctx.input.path);
        else {
          ctx.progress('fetching', 0.02);
          const fetched = await fetchAsset(config, ctx, ctx.imageUrl ?? '', 'imageUrl');
          image = fetched.data;
          // Kept as the job's input, so the browser's "before" side can show it from our own origin.
          await ctx.keepInput?.(fetched.data, fetched.checked);
        }
        const assets: { backgroundImage?: Buffer; generateBackground?: Buffer } = {};
        if (plan.background.kind === 'image') {
          if (!ctx.backgroundImage) ctx.progress('fetching', 0.03);
          assets.backgroundImage =
            ctx.backgroundImage ??
            (await fetchAsset(config, ctx, plan.background.url, 'background.replace')).data;
        }
        if (plan.background.kind === 'generated' && plan.background.backgroundUrl) {
          ctx.progress('fetching', 0.03);
          assets.generateBackground = (
            await fetchAsset(config, ctx, plan.background.backgroundUrl, 'background.generate.background_url')
          ).data;
        }
        // A supplied or touched-up mask replaces the model: no model pass, so no quick preview either.
        const mask = ctx.mask ? await readFile(ctx.mask.path) : undefined;
        const seen = new Set<string>();
        const run = async (
          maxSide: number | undefined,
          from: number,
          span: number,
        ): Promise<ExecutorResult> => {
          const result = await runPlan({
            image,
            plan,
            assets,
            signal: ctx.signal,
            maxPixels: config.maxMegapixels * 1e6,
            cache: ctx.interactive,
            ...(mask ? { mask } : {}),
            ...(ctx.subjectBox ? { subjectBox: ctx.subjectBox } : {}),
            ...(ctx.finish ? { finish: ctx.finish } : {}),
            // The quick preview is one stage to the user: its own decode … encode would read as the full
            // result's, and progress would seem to run through "Encoding" twice.
            onProgress: (stage, progress) =>
              ctx.progress(maxSide ? 'previewing' : stage, from + span * Math.max(0, Math.min(1, progress))),
            ...(maxSide ? { maxSide } : { withSubjectMask: true }),
          });
          // The engine names plan facts; the user reads the paths of the request they wrote.
          for (const warning of requestWarnings(ctx.dialect, result.warnings)) {
            const key = `${warning.path ?? ''}|${warning.message}`;
            if (!seen.has(key)) {
              seen.add(key);
              ctx.warn(warning);
            }
          }
          return {
            data: result.data,
            bytes: result.data.length,
            mime: result.mime,
            format: result.format,
            width: result.width,
            height: result.height,
            ...(result.subjectMask ? { subjectMask: result.subjectMask } : {}),
          };
        };
        const preview = ctx.wantsPreview && !mask && config.localPreview;
        if (preview) await ctx.preview(await run(PREVIEW_SIDE, 0.05, 0.25));
        const result = await run(undefined, preview ? 0.3 : 0.05, preview ? 0.7 : 0.95);
        // The subject's mask came from the model (now, or from this process's cache, which is keyed by
        // model and precision) unless the user supplied one or the plan needs none.
        if (!mask && needsSubject(plan)) ctx.provider({ model: model() });
        return result;
      } catch (error) {
        throw engineFailure(error);
      }
    },
  };
}
