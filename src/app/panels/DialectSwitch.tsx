import { lazy, Suspense, useState } from 'react';
import { dialectIds, dialectLabel } from '../../recipe/index.ts';
import type { Dialect } from '../../recipe/index.ts';
import { useEditor } from '../state/editor-store.ts';
import { Segmented } from '../common/Segmented.tsx';
import { Button } from '../common/Button.tsx';
import { SwapIcon } from '../common/icons.tsx';

// The translation (and its plan code) is only needed once someone asks for it.
const TranslateDialog = lazy(() =>
  import('./TranslateDialog.tsx').then((m) => ({ default: m.TranslateDialog })),
);

/**
 * One choice per registered dialect. Each keeps its own request; "Translate" carries the current setup
 * to another: straight to it when there is one other, else the dialog asks which.
 */
export function DialectSwitch() {
  const dialect = useEditor((s) => s.dialect);
  const setDialect = useEditor((s) => s.setDialect);
  const [translating, setTranslating] = useState(false);
  const others = dialectIds().filter((d) => d !== dialect);
  const [picked, setPicked] = useState<Dialect | null>(null);
  const to = picked && others.includes(picked) ? picked : others[0];
  const named = others.length === 1 ? dialectLabel(to!) : null;
  return (
    <div className="dialect-switch">
      <Segmented<Dialect>
        label="Dialect"
        value={dialect}
        options={dialectIds().map((d) => ({ value: d, label: dialectLabel(d) }))}
        onChange={setDialect}
        dataPath={undefined}
      />
      {to ? (
        <Button
          size="sm"
          variant="ghost"
          icon={<SwapIcon />}
          onClick={() => setTranslating(true)}
          title={`Translate my current setup to ${named ?? 'another provider'}`}
          data-testid="translate-open"
        >
          {named ? `Translate to ${named}` : 'Translate to…'}
        </Button>
      ) : null}
      {translating && to ? (
        <Suspense fallback={null}>
          <TranslateDialog
            open
            from={dialect}
            to={to}
            targets={others}
            onTarget={setPicked}
            onClose={() => setTranslating(false)}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
