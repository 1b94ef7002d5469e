/** Deep-Image's error bodies ({message, code?}, 500 {message, status: "failed", job}) → what the user reads. */
import type { ApiError } from '../../../recipe/index.ts';
import { waitOf, type ProviderResponse } from '../provider-http.ts';

interface DeepImageErrorBody {
  message?: unknown;
  code?: unknown;
  status?: unknown;
  job?: unknown;
}

export function isFailedJob(response: ProviderResponse): boolean {
  return (response.json as DeepImageErrorBody | undefined)?.status === 'failed';
}

/**
 * The ApiError for a Deep-Image answer that is not a success. Strings are the provider's, unredacted:
 * the job processor redacts everything an executor hands out (executors/sealed.ts).
 */
export function mapDeepImageError(response: ProviderResponse, jobId?: string): ApiError {
  const body = (response.json ?? {}) as DeepImageErrorBody;
  const message = typeof body.message === 'string' ? body.message.slice(0, 300) : '';
  const said = message ? ` Deep-Image said: "${message}"` : '';
  const wait = waitOf(response);
  const base = (code: string, text: string): ApiError => ({
    code,
    message: text,
    executor: 'deep-image',
    ...(jobId
      ? { requestId: jobId }
      : typeof body.job === 'string'
        ? { requestId: body.job.slice(0, 100) }
        : {}),
    ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
  });
  if (response.json === undefined) {
    const snippet = response.text.slice(0, 4096).replace(/\s+/g, ' ').trim().slice(0, 80);
    return base(
      response.status >= 500 ? 'deep-image-unavailable' : 'provider-error',
      `Deep-Image answered HTTP ${response.status} with a non-JSON body${snippet ? ` ("${snippet}")` : ''}. Try again later.`,
    );
  }
  if (body.code === 'NOT_ENOUGH_CREDITS') {
    return base(
      'no-credits',
      `The Deep-Image account is out of credits.${said} Top up the account, or run on the local executor.`,
    );
  }
  if (response.status === 404 && /no user found/i.test(message)) {
    return base(
      'invalid-key',
      `Deep-Image does not know the server's API key ("No user found for provided token"). Check DEEP_IMAGE_API_KEY in the server's .env.`,
    );
  }
  switch (response.status) {
    case 400:
      return base(
        'invalid-request',
        `Deep-Image rejected the request (400).${said} Fix the option in the editor and run again.`,
      );
    case 401:
    case 403:
      return base(
        'forbidden',
        `Deep-Image refused the request (${response.status}): no valid key, or the plan's quota is used up.${said} Check DEEP_IMAGE_API_KEY and the account.`,
      );
    case 404:
      return base('provider-job-lost', `Deep-Image no longer knows this job (404).${said} Run it again.`);
    case 429:
      return base(
        'rate-limited',
        `Deep-Image is busy with this account's concurrent jobs (429) and stayed busy after retries${wait !== undefined ? `; it asks to wait ${wait} s` : ''}. Wait and run again.`,
      );
    default:
      if (body.status === 'failed')
        return base(
          'provider-failed',
          `Deep-Image could not process the image (job failed).${said} Try other options or another image.`,
        );
      if (response.status >= 500)
        return base(
          'deep-image-unavailable',
          `Deep-Image failed with HTTP ${response.status} (after retries).${said} Try again later.`,
        );
      return base('provider-error', `Deep-Image answered HTTP ${response.status}.${said}`);
  }
}
