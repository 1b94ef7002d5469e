/**
 * A fake Deep-Image on 127.0.0.1 following Deep-Image's API documentation
 * (https://documentation.deep-image.ai): rest_api/process_result (multipart `fileName`
 * + `parameters`, or JSON with `url`), rest_api/result/{job} polling, DELETE of a job, rest_api/me,
 * x-api-key auth. Scriptable per test (async jobs, never-completing jobs, every error shape).
 */
import { randomUUID } from 'node:crypto';
import { createFakeServer, fakeResult, receive, sendJson, sendStored, type FakeServer } from './fake-http.ts';

interface FakeJob {
  pollsLeft: number;
  fails: boolean;
  result?: { data: Buffer; mime: string };
  resultUrl: string;
}

/** Deep-Image's error shape (see executors/deep-image/errors.ts) with `key` in every field. */
function echoedError(status: number, key: string): unknown {
  return {
    message: `No user found for provided token ${key}`,
    code: key,
    job: key,
    ...(status >= 500 ? { status: 'failed' } : {}),
  };
}

export function startFakeDeepImage(
  options: { port?: number } = {},
): Promise<FakeServer & { deleted: string[] }> {
  const jobs = new Map<string, FakeJob>();
  const files = new Map<string, { data: Buffer; mime: string }>();
  const deleted: string[] = [];
  return createFakeServer(async (req, res, ctx) => {
    const { path, parsed } = await receive(req, ctx.record);

    const file = /^\/files\/([\w-]+)\.\w+$/.exec(path);
    if (file && req.method === 'GET')
      return sendStored(res, files.get(file[1]!), { message: 'File not found' });
    if (!path.startsWith('/rest_api/')) return sendJson(res, 404, { message: 'Not found' });
    if (!req.headers['x-api-key']) return sendJson(res, 403, { message: 'Forbidden' });

    const result = /^\/rest_api\/result\/([\w-]+)$/.exec(path);
    if (result) {
      const job = jobs.get(result[1]!);
      if (!job) return sendJson(res, 404, { message: 'Job not found' });
      if (req.method === 'DELETE') {
        deleted.push(result[1]!);
        jobs.delete(result[1]!);
        return sendJson(res, 200, { status: 'deleted' });
      }
      if (job.pollsLeft > 0) {
        job.pollsLeft--;
        return sendJson(res, 200, { status: 'in_progress', job: result[1] });
      }
      if (job.fails)
        return sendJson(res, 500, { message: 'Processing failed', status: 'failed', job: result[1] });
      return sendJson(res, 200, { status: 'complete', job: result[1], result_url: job.resultUrl });
    }
    if (path === '/rest_api/me') return sendJson(res, 200, { username: 'fake', credits: 42 });
    if (path !== '/rest_api/process_result' && path !== '/rest_api/process')
      return sendJson(res, 404, { message: 'Not found' });

    const step = ctx.next();
    const echo = step.kind === 'echo-key' ? String(req.headers['x-api-key']) : undefined;
    if (step.kind === 'echo-key' && step.status !== 200)
      return sendJson(res, step.status, echoedError(step.status, echo!), { 'x-request-id': echo! });
    switch (step.kind) {
      case 'error':
        return sendJson(res, step.status, step.body, step.headers);
      case 'raw':
        res.writeHead(step.status, { 'content-type': step.contentType ?? 'text/html' });
        return void res.end(step.text);
      case 'hang':
        return;
      case 'slow':
        await new Promise((r) => setTimeout(r, step.delayMs));
        break;
      default:
        break;
    }
    let params: { output_format?: unknown; background?: { color?: unknown } } | undefined;
    try {
      params =
        parsed.fields.parameters !== undefined
          ? JSON.parse(parsed.fields.parameters)
          : (parsed.json as typeof params);
    } catch {
      return sendJson(res, 400, { message: 'Invalid parameters JSON', code: 'BAD_REQUEST' });
    }
    const format = typeof params?.output_format === 'string' ? params.output_format : 'jpeg';
    const image = await fakeResult(
      parsed.fileData,
      format,
      params?.background?.color === 'transparent' && format !== 'jpeg' && format !== 'jpg',
      echo,
    );
    const id = randomUUID();
    const ext = format === 'jpg' ? 'jpeg' : format;
    const resultUrl = `${ctx.url()}/files/${id}.${ext}${echo ? `?echo=${echo}` : ''}`;
    if (step.kind !== 'expired-result') files.set(id, { data: image.data, mime: `image/${ext}` });
    if (echo) {
      // The key as the job id: the poll URL, providerRequestId and every later error carry it.
      jobs.set(echo, {
        pollsLeft: step.kind === 'echo-key' ? (step.polls ?? 0) : 0,
        fails: false,
        resultUrl,
      });
      const answer = { job: echo, message: echo, result_url: resultUrl };
      if (step.kind === 'echo-key' && step.polls)
        return sendJson(
          res,
          200,
          { ...answer, status: 'received', result_url: undefined },
          { 'x-request-id': echo },
        );
      return sendJson(res, 200, { ...answer, status: 'complete' }, { 'x-request-id': echo });
    }
    if (step.kind === 'async' || step.kind === 'async-failed') {
      jobs.set(id, { pollsLeft: step.polls, fails: step.kind === 'async-failed', resultUrl });
      return sendJson(res, 200, { status: 'received', job: id });
    }
    jobs.set(id, { pollsLeft: 0, fails: false, resultUrl });
    return sendJson(res, 200, { status: 'complete', job: id, result_url: resultUrl });
  }, options.port).then((server) => Object.assign(server, { deleted }));
}
