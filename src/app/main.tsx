import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import './styles/theme.css';
import './styles/base.css';
import { queryClient } from './api/query-client.ts';
import { DropAnywhere } from './input/DropAnywhere.tsx';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <DropAnywhere>
        <App />
      </DropAnywhere>
    </QueryClientProvider>
  </StrictMode>,
);
