/**
 * GET /api/presets — the marketplace presets with their rules (and sources) and each compiled to both
 * dialects with its loss report; GET /api/jobs/:id/compliance?preset=ID — a done job's checklist against
 * a preset (any executor: the local engine's result is measured with its own subject mask).
 */
import { Hono } from 'hono';
import {
  dialectIds,
  PRESETS,
  PRESET_IDS,
  compilePreset,
  findPreset,
  type Preset,
  type PresetsResponse,
} from '../../recipe/index.ts';
import { EngineError } from '../../engine/index.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, badRequest } from '../errors.ts';
import { jobCompliance } from '../jobs/job-compliance.ts';
import type { Services } from '../services.ts';
import { findJob } from './jobs-read.ts';

/** The preset named by a form field or query parameter; undefined when none is given. */
export function checkPreset(value: string | undefined, field = 'preset'): Preset | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const preset = findPreset(value.trim());
  if (!preset)
    throw badRequest(
      'invalid-preset',
      `Unknown preset "${value.slice(0, 40)}"; use one of: ${PRESET_IDS.join(', ')} (GET /api/presets lists them).`,
      field,
    );
  return preset;
}

function presetsResponse(): PresetsResponse {
  return {
    presets: PRESETS.map((preset) => ({
      ...preset,
      compiled: Object.fromEntries(
        dialectIds().map((d) => [d, compilePreset(preset, d)]),
      ) as PresetsResponse['presets'][number]['compiled'],
    })),
  };
}

export function presetsRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  const listing = presetsResponse();
  app.get('/api/presets', (c) => c.json(listing));
  app.get('/api/jobs/:id/compliance', async (c) => {
    const record = await findJob(services, c.req.param('id'));
    const preset = checkPreset(c.req.query('preset') ?? record.view.preset);
    if (!preset)
      throw badRequest(
        'missing-field',
        `Say which preset to check against: ?preset=ID, one of ${PRESET_IDS.join(', ')}.`,
        'preset',
      );
    const status = record.view.status;
    if (status !== 'done')
      throw new HttpError(409, {
        code: status === 'failed' || status === 'cancelled' ? `job-${status}` : 'not-ready',
        message:
          status === 'failed' || status === 'cancelled'
            ? `This job is ${status}; it has no result to check.`
            : `The result is not ready yet (job is ${status}); check it once GET /api/jobs/:id says done.`,
      });
    try {
      const report = await jobCompliance(services.store, record, preset);
      if (!report)
        throw new HttpError(404, {
          code: 'not-found',
          message: 'This job’s result expired from the store. Run it again.',
        });
      c.header('cache-control', 'no-store');
      return c.json(report);
    } catch (error) {
      if (error instanceof EngineError)
        throw new HttpError(422, { code: error.code, message: error.message });
      throw error;
    }
  });
  return app;
}
