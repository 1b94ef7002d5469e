import { lazy, Suspense, useState } from 'react';
import { DIALECTS } from '../../recipe/index.ts';
import type { Dialect } from '../../recipe/index.ts';
import { useEditor } from '../state/editor-store.ts';
import { Segmented } from '../common/Segmented.tsx';
import { Button } from '../common/Button.tsx';
import { SwapIcon } from '../common/icons.tsx';
import { DIALECT_LABELS } from './dialect-labels.ts';

// The translation (and its plan code) is only needed once someone asks for it.
const TranslateDialog = lazy(() =>
  import('./TranslateDialog.tsx').then((m) => ({ default: m.TranslateDialog })),
);

/** Claid / Deep-Image. Each keeps its own request; "Translate" carries the current setup across. */
export function DialectSwitch() {
  const dialect = useEditor((s) => s.dialect);
  const setDialect = useEditor((s) => s.setDialect);
  const [translating, setTranslating] = useState(false);
  const other = DIALECTS.find((d) => d !== dialect)!;
  return (
    <div className="dialect-switch">
      <Segmented<Dialect>
        label="Dialect"
        value={dialect}
        options={DIALECTS.map((d) => ({ value: d, label: DIALECT_LABELS[d] }))}
        onChange={setDialect}
        dataPath={undefined}
      />
      <Button
        size="sm"
        variant="ghost"
        icon={<SwapIcon />}
        onClick={() => setTranslating(true)}
        title={`Translate my current setup to ${DIALECT_LABELS[other]}`}
        data-testid="translate-open"
      >
        Translate to {DIALECT_LABELS[other]}
      </Button>
      {translating ? (
        <Suspense fallback={null}>
          <TranslateDialog open from={dialect} to={other} onClose={() => setTranslating(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}
