/**
 * Claid's error bodies → what the user reads. Shapes from Claid's API reference,
 * https://docs.claid.ai/image-editing-api (plain, nested under `detail` for 429, FastAPI's list for 422).
 */
import type { ApiError } from '../../../recipe/index.ts';
import { retryAfterSeconds, waitOf, type ProviderResponse } from '../provider-http.ts';

interface ClaidErrorBody {
  error_code?: unknown;
  error_type?: unknown;
  error_message?: unknown;
  error_details?: unknown;
  detail?: unknown;
}

/** `body.operations.background.color`, `operations -> background`, or a FastAPI loc → our dotted path. */
function toRequestPath(raw: unknown): string {
  const parts = Array.isArray(raw) ? raw.map(String) : String(raw).split(/\s*->\s*|\.|\//);
  const cleaned = parts.map((p) => p.trim()).filter(Boolean);
  while (cleaned[0] === 'body' || cleaned[0] === 'data' || cleaned[0] === '__root__') cleaned.shift();
  return cleaned.join('.');
}

function detailsOf(body: ClaidErrorBody): { path: string; messages: string[] }[] {
  if (Array.isArray(body.detail)) {
    return body.detail.map((item: { loc?: unknown; msg?: unknown }) => ({
      path: toRequestPath(item?.loc ?? ''),
      messages: [String(item?.msg ?? 'invalid value')],
    }));
  }
  const details = body.error_details;
  if (details && typeof details === 'object' && !Array.isArray(details)) {
    return Object.entries(details).map(([path, msgs]) => ({
      path: toRequestPath(path),
      messages: Array.isArray(msgs) ? msgs.map(String) : [String(msgs)],
    }));
  }
  return [];
}

/**
 * The ApiError for a Claid answer that is not a success. Strings are the provider's, unredacted: the job
 * processor redacts everything an executor hands out (executors/sealed.ts).
 */
export function mapClaidError(response: ProviderResponse): ApiError {
  const raw = (response.json ?? {}) as ClaidErrorBody;
  // 429 wraps the usual body in `detail`.
  const body: ClaidErrorBody =
    raw.detail && typeof raw.detail === 'object' && !Array.isArray(raw.detail)
      ? (raw.detail as ClaidErrorBody)
      : raw;
  const providerMessage =
    typeof body.error_message === 'string' ? body.error_message.slice(0, 300) : undefined;
  const said = providerMessage ? ` Claid said: "${providerMessage}"` : '';
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const wait = waitOf(response);
  const base = (code: string, message: string, path?: string): ApiError => ({
    code,
    message,
    executor: 'claid',
    ...(path ? { path } : {}),
    ...(requestId ? { requestId: requestId.slice(0, 100) } : {}),
    ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
  });
  if (response.json === undefined && response.status >= 400) {
    const snippet = response.text.slice(0, 4096).replace(/\s+/g, ' ').trim().slice(0, 80);
    const kind = response.status >= 500 ? 'claid-unavailable' : 'provider-error';
    const hint =
      response.status === 413 ? ' The image is too large for Claid; downscale it.' : ' Try again later.';
    return base(
      kind,
      `Claid answered HTTP ${response.status} with a non-JSON body${snippet ? ` ("${snippet}")` : ''}.${hint}`,
    );
  }
  switch (response.status) {
    case 401:
      return base(
        'invalid-key',
        `Claid rejected the server's API key (401).${said} Check CLAID_API_KEY in the server's .env.`,
      );
    case 403:
      return base(
        'forbidden',
        `Claid refused the request (403): the API key lacks a needed scope (image_editing, storage) or access.${said}`,
      );
    case 402:
      return base(
        'no-credits',
        `The Claid account is out of credits (402).${said} Top up the account, or run on the local executor.`,
      );
    case 404:
      return base(
        'provider-not-found',
        `Claid answered 404 for the endpoint.${said} Check CLAID_BASE_URL and CLAID_API_PREFIX (/v1-beta1 or /v1).`,
      );
    case 409:
      return base('provider-conflict', `Claid reported a conflict (409).${said} Try again.`);
    case 413:
      return base(
        'image-too-large',
        `Claid refused the image as too large (413).${said} Downscale it and try again.`,
      );
    case 429: {
      const reset = retryAfterSeconds(response.headers);
      return base(
        'rate-limited',
        `Claid's rate limit is reached (429)${reset !== undefined ? `; it resets in ${reset} s` : ''}. Wait and run again.`,
      );
    }
    case 400:
    case 422: {
      const details = detailsOf(body);
      const first = details[0];
      const listed = details
        .slice(0, 3)
        .map((d) => `${d.path || 'request'}: ${d.messages.join('; ')}`)
        .join(' | ');
      const text = (listed || providerMessage || 'invalid request').slice(0, 400);
      return base(
        'invalid-request',
        `Claid rejected the request (${response.status}): ${text}. Fix the option in the editor and run again.`,
        first?.path || undefined,
      );
    }
    default:
      if (response.status >= 500)
        return base(
          'claid-unavailable',
          `Claid failed with HTTP ${response.status} (after retries).${said} Try again later.`,
        );
      return base('provider-error', `Claid answered HTTP ${response.status}.${said}`);
  }
}
