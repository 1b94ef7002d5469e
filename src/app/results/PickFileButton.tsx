import { useRef } from 'react';
import { Button } from '../common/Button.tsx';
import { useUploadLimits } from '../api/hooks.ts';
import { loadPhotoFile } from '../input/load-photo.ts';
import { isBatchOffer, offerToBatch } from '../batch/shell.ts';

/**
 * A button that opens the file picker; the input stays in the DOM for tests (`photo-file-input`).
 * Picking several files starts a batch.
 */
export function PickFileButton({
  variant = 'secondary',
  label,
}: {
  variant?: 'primary' | 'secondary' | 'ghost';
  label: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const limits = useUploadLimits();
  return (
    <>
      <Button variant={variant} onClick={() => input.current?.click()}>
        {label}
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        accept={limits.types.join(',')}
        hidden
        aria-label="Photo file"
        data-testid="photo-file-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (isBatchOffer(files)) void offerToBatch(files);
          else if (files[0]) void loadPhotoFile(files[0], 'file', limits);
        }}
      />
    </>
  );
}
