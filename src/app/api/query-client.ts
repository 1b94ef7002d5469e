import { QueryClient } from '@tanstack/react-query';

/**
 * One client for the whole app. Server state here is small and mostly polled explicitly, so retries
 * stay low: a failing BFF should show its error quickly instead of spinning.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 30_000 },
    mutations: { retry: 0 },
  },
});
