/** curl / fetch / Python for the current request, through Backdrop's BFF or straight to the provider. */
import { use, useMemo, useState } from 'react';
import { loadLazyRecipe } from '../common/lazy-recipe.ts';
import type { Dialect, JsonObject } from '../../recipe/index.ts';
import { useSession } from '../state/session-store.ts';
import { Segmented } from '../common/Segmented.tsx';
import { Button } from '../common/Button.tsx';
import { CopyIcon } from '../common/icons.tsx';
import { copyText } from './clipboard.ts';
import { useJsonPane } from './json-pane-store.ts';
import { maskFileName } from '../touchup/mask-png.ts';

type Target = 'backdrop' | 'provider';

interface SnippetViewProps {
  language: 'curl' | 'fetch' | 'python';
  dialect: Dialect;
  request: JsonObject;
}

export default function SnippetView({ language, dialect, request }: SnippetViewProps) {
  const [target, setTarget] = useState<Target>('backdrop');
  // Suspends (inside RequestPane's Suspense) until the lazy recipe entry is loaded.
  const { snippet } = use(loadLazyRecipe());
  const executor = useSession((s) => s.executor);
  const wrap = useJsonPane((s) => s.wrapSnippets);
  const setWrap = useJsonPane((s) => s.setWrapSnippets);
  const imageName = useSession((s) => (s.currentPhotoId ? s.photos[s.currentPhotoId]?.name : undefined));
  // A box drawn before the run, or a touched-up mask (sent as a file, named as Download mask names it);
  // a run sends the mask instead of the box when there are both.
  const subjectBox = useSession((s) =>
    s.currentPhotoId && !s.photos[s.currentPhotoId]?.subjectMask
      ? s.photos[s.currentPhotoId]?.subjectBox
      : undefined,
  );
  const maskFile = useSession((s) => {
    const photo = s.currentPhotoId ? s.photos[s.currentPhotoId] : undefined;
    return photo?.subjectMask ? maskFileName(photo.name) : undefined;
  });
  const code = useMemo(() => {
    try {
      return snippet({
        language,
        target,
        dialect,
        request,
        executor,
        imageName,
        backdropOrigin: window.location.origin,
        ...(subjectBox ? { subjectBox } : {}),
        ...(maskFile ? { maskFile } : {}),
      });
    } catch (error) {
      return `# Cannot build this snippet yet: ${(error as Error).message}`;
    }
  }, [snippet, language, target, dialect, request, executor, imageName, subjectBox, maskFile]);
  return (
    <div className="snippet">
      <div className="snippet-bar">
        <Segmented<Target>
          label="Send to"
          size="sm"
          value={target}
          options={[
            {
              value: 'backdrop',
              label: 'Backdrop BFF',
              title: 'Through this server: the key stays on the server',
            },
            {
              value: 'provider',
              label: 'Provider direct',
              title: 'Straight to the provider, with your own key',
            },
          ]}
          onChange={setTarget}
        />
        <Button
          size="sm"
          variant={wrap ? 'secondary' : 'ghost'}
          aria-pressed={wrap}
          onClick={() => setWrap(!wrap)}
          title={
            wrap ? 'Long lines wrap; press to scroll them sideways' : 'Long lines scroll; press to wrap them'
          }
        >
          Wrap lines
        </Button>
        <Button
          size="sm"
          variant="ghost"
          icon={<CopyIcon />}
          onClick={() => copyText(code, 'Snippet copied')}
        >
          Copy
        </Button>
      </div>
      <pre
        className="snippet-code"
        data-testid="snippet"
        data-wrap={wrap || undefined}
        tabIndex={0}
        aria-label={`${language} snippet`}
      >
        {code}
      </pre>
      {target === 'provider' ? (
        <p className="snippet-note">
          The key is read from an environment variable; Backdrop never shows or stores it.
        </p>
      ) : null}
    </div>
  );
}
