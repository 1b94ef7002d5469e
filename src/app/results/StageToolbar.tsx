/**
 * The bar above the compare: view mode, zoom (− % + Fit 1:1), what shows through transparent
 * pixels, and Download. Every control has a visible or accessible label and a shortcut in its title.
 */
import { useId } from 'react';
import { Segmented } from '../common/Segmented.tsx';
import { Button } from '../common/Button.tsx';
import { useSession, type CompareMode } from '../state/session-store.ts';
import { useView } from './view-store.ts';

const MODES = [
  { value: 'slider', label: 'Slider', title: 'Drag the divider or use ← → (V cycles views)' },
  { value: 'side', label: 'Side by side', title: 'Both at once, zoom and pan in step (V cycles views)' },
  { value: 'toggle', label: 'Toggle', title: 'Click the image to flip (V cycles views)' },
] as const;

const SWATCHES = [
  { value: 'checker', label: 'Checkerboard' },
  { value: '#ffffff', label: 'White' },
  { value: '#000000', label: 'Black' },
] as const;

export function ZoomControls() {
  const scale = useView((s) => s.scale);
  const fitted = useView((s) => s.fitted);
  const { zoomBy, fit, actualSize } = useView.getState();
  return (
    <div className="stage-zoom" role="group" aria-label="Zoom">
      <Button
        size="sm"
        variant="ghost"
        onClick={() => zoomBy(1 / 1.25)}
        aria-label="Zoom out"
        title="Zoom out (−)"
      >
        −
      </Button>
      <output className="stage-zoom-value" aria-live="off" title={fitted ? 'Fitted to the stage' : undefined}>
        {Math.round(scale * 100)}%
      </output>
      <Button size="sm" variant="ghost" onClick={() => zoomBy(1.25)} aria-label="Zoom in" title="Zoom in (+)">
        +
      </Button>
      <Button
        size="sm"
        variant={fitted ? 'secondary' : 'ghost'}
        onClick={fit}
        title="Fit (0)"
        aria-pressed={fitted}
      >
        Fit
      </Button>
      <Button size="sm" variant="ghost" onClick={actualSize} title="Actual pixels of the result (1)">
        1:1
      </Button>
    </div>
  );
}

function BackdropPicker() {
  const backdrop = useSession((s) => s.backdrop);
  const setBackdrop = useSession((s) => s.setBackdrop);
  const colorId = useId();
  const custom = backdrop !== 'checker' && !SWATCHES.some((s) => s.value === backdrop);
  return (
    <div className="stage-backdrop" role="group" aria-label="Behind transparent pixels">
      {SWATCHES.map((s) => (
        <button
          key={s.value}
          type="button"
          className={`stage-swatch stage-swatch-${s.value === 'checker' ? 'checker' : 'solid'}`}
          style={s.value === 'checker' ? undefined : { background: s.value }}
          aria-label={`Show transparency over ${s.label.toLowerCase()}`}
          aria-pressed={backdrop === s.value}
          title={s.label}
          onClick={() => setBackdrop(s.value)}
        />
      ))}
      <label
        className={`stage-swatch stage-swatch-custom${custom ? ' stage-swatch-on' : ''}`}
        htmlFor={colorId}
        title="Any colour"
      >
        <input
          id={colorId}
          type="color"
          value={custom ? backdrop : '#7f8c8d'}
          onChange={(e) => setBackdrop(e.target.value)}
          aria-label="Show transparency over a colour of your choice"
        />
      </label>
    </div>
  );
}

/** Enters touch-up mode (src/app/touchup): on a result, or before the first run for the box tool. */
function TouchUpButton({ onClick, label, title }: { onClick: () => void; label: string; title: string }) {
  return (
    <Button
      size="sm"
      variant="secondary"
      className="stage-touchup"
      onClick={onClick}
      title={title}
      data-testid="touchup-open"
    >
      {label}
    </Button>
  );
}

export function StageToolbar(props: {
  download?: { href: string; name: string } | null;
  singleOnly?: boolean;
  onTouchUp?: () => void;
}) {
  const { download, singleOnly, onTouchUp } = props;
  const mode = useSession((s) => s.compareMode);
  const setMode = useSession((s) => s.setCompareMode);
  // The host is the container the bar's layout queries: the stage's width, not the window's, decides
  // whether everything fits on one row (Stage.css).
  return (
    <div className="stage-tools-host">
      <div className="stage-tools stage-tools-result" data-testid="result-toolbar">
        {!singleOnly && (
          <Segmented<CompareMode>
            label="Compare view"
            value={mode}
            options={MODES}
            onChange={setMode}
            size="sm"
          />
        )}
        <ZoomControls />
        <BackdropPicker />
        {onTouchUp && (
          <TouchUpButton
            onClick={onTouchUp}
            label="Touch up"
            title="Fix the mask: erase and restore brushes, a box around the subject"
          />
        )}
        {download && (
          <a
            className="btn btn-primary btn-sm stage-download"
            href={download.href}
            download={download.name}
            data-testid="download"
          >
            Download
          </a>
        )}
      </div>
    </div>
  );
}

/** Zoom controls and backdrop alone, for the photo before any result (and the box, a hint for the run). */
export function PhotoToolbar({ onBox }: { onBox?: () => void }) {
  return (
    <div className="stage-tools">
      <ZoomControls />
      <BackdropPicker />
      {onBox && (
        <TouchUpButton
          onClick={onBox}
          label="Box the subject"
          title="Drag a box around the subject: the local engine segments inside it when you run"
        />
      )}
    </div>
  );
}
