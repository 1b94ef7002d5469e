import { useState } from 'react';
import { DIALECTS } from '../../recipe/index.ts';
import type { Dialect } from '../../recipe/index.ts';
import { useEditor } from '../state/editor-store.ts';
import { Segmented } from '../common/Segmented.tsx';
import { Button } from '../common/Button.tsx';
import { SwapIcon } from '../common/icons.tsx';
import { DIALECT_LABELS } from './dialect-labels.ts';
import { TranslateDialog } from './TranslateDialog.tsx';

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
      <TranslateDialog open={translating} from={dialect} to={other} onClose={() => setTranslating(false)} />
    </div>
  );
}
