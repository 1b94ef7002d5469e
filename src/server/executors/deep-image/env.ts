/** Deep-Image's environment variables (documented in .env.example), with their defaults. */
export const DEEP_IMAGE_ENV = {
  apiKey: 'DEEP_IMAGE_API_KEY',
  baseUrl: { name: 'DEEP_IMAGE_BASE_URL', default: 'https://deep-image.ai' },
  concurrency: { name: 'BACKDROP_DEEP_IMAGE_CONCURRENCY', default: '2' },
} as const;
