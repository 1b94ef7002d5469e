import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The BFF listens on PORT (default 8787); `npm run dev` proxies /api to it so the browser talks to one
// origin, exactly as it does behind `npm start`.
const apiPort = process.env.PORT ?? '8787';
const apiOrigin = `http://127.0.0.1:${apiPort}`;
const devPort = Number(process.env.VITE_PORT ?? 5173);
const devOrigins = [`http://127.0.0.1:${devPort}`, `http://localhost:${devPort}`];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/app',
    sourcemap: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // src/recipe is pure (zod + fflate, no global effects: see its index.ts). Saying so lets the bundler
      // drop index.ts's unused re-exports from the first-paint graph, so what the app reaches only through
      // import('…/recipe/lazy.ts') (snippets, translate, plan conversion, share + fflate) stays in a lazy
      // chunk. Everything else keeps the bundler's own side-effect detection.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]src[\\/]recipe[\\/]/.test(id) },
    },
  },
  server: {
    host: '127.0.0.1',
    port: devPort,
    proxy: {
      // The BFF answers only for its own host (DNS-rebinding guard), so the proxy addresses it by its own
      // 127.0.0.1:PORT; the dev page's Origin becomes the BFF's, so its same-origin check passes for this
      // page and still refuses every other site. Vite refuses foreign Host names on its own port itself.
      '/api': {
        target: apiOrigin,
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReq', (proxyReq, req) => {
            if (devOrigins.includes(req.headers.origin ?? '')) proxyReq.setHeader('origin', apiOrigin);
          });
        },
      },
    },
  },
});
