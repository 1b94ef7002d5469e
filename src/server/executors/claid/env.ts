/** Claid's environment variables (documented in .env.example), with their defaults. */
export const CLAID_ENV = {
  apiKey: 'CLAID_API_KEY',
  baseUrl: { name: 'CLAID_BASE_URL', default: 'https://api.claid.ai' },
  concurrency: { name: 'BACKDROP_CLAID_CONCURRENCY', default: '4' },
  apiPrefix: { name: 'CLAID_API_PREFIX', default: '/v1-beta1' },
} as const;
