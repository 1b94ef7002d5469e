/**
 * The batch's pickers: several files (photos or ZIPs of photos), or a whole folder (its sub-folders
 * too). The inputs stay in the DOM for tests; both lead to the same place as a drop.
 */
import { useRef } from 'react';
import { Button } from '../common/Button.tsx';
import './entry.css';
import { offerToBatch } from './shell.ts';

const ACCEPT = 'image/*,.heic,.heif,.zip,application/zip';

export function AddPhotos({
  label = 'Add photos…',
  variant = 'secondary',
}: {
  label?: string;
  variant?: 'primary' | 'secondary' | 'ghost';
}) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const take = (input: HTMLInputElement) => {
    const picked = Array.from(input.files ?? []);
    input.value = '';
    if (picked.length > 0) void offerToBatch(picked);
  };
  return (
    <>
      <Button size="sm" variant={variant} onClick={() => files.current?.click()}>
        {label}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => folder.current?.click()}>
        Add a folder…
      </Button>
      <input
        ref={files}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        aria-label="Photos or ZIP files for the batch"
        data-testid="batch-files-input"
        onChange={(e) => take(e.currentTarget)}
      />
      <input
        ref={folder}
        type="file"
        hidden
        aria-label="A folder of photos for the batch"
        data-testid="batch-folder-input"
        // React does not know the attribute; set it as the browser expects (Chromium, Firefox, Safari).
        {...{ webkitdirectory: '' }}
        onChange={(e) => take(e.currentTarget)}
      />
    </>
  );
}
