import type { ReactNode } from 'react';

/** Wraps the whole app: a file dropped anywhere becomes the photo. (Filled in below.) */
export function DropAnywhere({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
