/**
 * Replace panel: upload a backdrop image instead of giving a URL. The local engine uses the file; the
 * providers fetch `background.replace` themselves, so with them a public URL is still needed.
 */
import { useRef } from 'react';
import { Button } from '../common/Button.tsx';
import { getAt, setAt } from '../../recipe/index.ts';
import { useEditor } from '../state/editor-store.ts';
import { useSession } from '../state/session-store.ts';
import { CloseIcon } from '../common/icons.tsx';

const REPLACE = 'background.replace';

export function BackdropUpload() {
  const input = useRef<HTMLInputElement>(null);
  const image = useSession((s) => s.backdropImage);
  const setImage = useSession((s) => s.setBackdropImage);
  const editRequest = useEditor((s) => s.editRequest);
  return (
    <div className="backdrop-upload">
      {/* Hidden, so focus lands on the button (with its ring), never on an invisible file input. */}
      <input
        ref={input}
        type="file"
        accept="image/*"
        hidden
        aria-label="Backdrop image file"
        data-testid="backdrop-upload"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (!file) return;
          setImage({ name: file.name, blob: file });
          // The request needs a replace value for the engine to composite; the file stands in for the URL.
          editRequest((r) => (getAt(r, REPLACE) ? r : setAt(r, REPLACE, file.name)));
        }}
      />
      {image ? (
        <div className="backdrop-upload-chip">
          <span className="backdrop-upload-name" title={image.name}>
            {image.name}
          </span>
          <button type="button" aria-label={`Remove backdrop ${image.name}`} onClick={() => setImage(null)}>
            <CloseIcon />
          </button>
        </div>
      ) : (
        <Button size="sm" onClick={() => input.current?.click()}>
          Upload a backdrop image…
        </Button>
      )}
      <p className="backdrop-upload-note">
        {image
          ? 'The local engine uses this file. Claid and Deep-Image fetch the URL above themselves.'
          : 'Or upload one: used by the local engine (providers need a public URL).'}
      </p>
    </div>
  );
}
