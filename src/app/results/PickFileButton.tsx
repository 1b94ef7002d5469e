import { useRef } from 'react';
import { Button } from '../common/Button.tsx';
import { useUploadLimits } from '../api/hooks.ts';
import { loadPhotoFile } from '../input/load-photo.ts';

/** A button that opens the file picker; the input stays in the DOM for tests (`photo-file-input`). */
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
        accept={limits.types.join(',')}
        hidden
        aria-label="Photo file"
        data-testid="photo-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void loadPhotoFile(file, 'file', limits);
        }}
      />
    </>
  );
}
