/**
 * Before/after: a slider, side by side, or a toggle, all sharing one zoom and pan (view-store), so
 * switching mode or side never loses the spot being inspected. The scene is sized to the "after"
 * image; the "before" goes where the framing put it (photo-placement.ts) when the caller knows, so a
 * resized, padded or cropped result lines up with its photo; else it is contain-fitted into the scene.
 */
import { useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { Backdrop, CompareMode } from '../state/session-store.ts';
import { usePaneSize, usePanZoom } from './use-pan-zoom.ts';
import { useView } from './view-store.ts';
import './Compare.css';

export interface CompareSide {
  url: string | null;
  label: string;
  detail?: string;
  /** e.g. "Preview" while the full result renders. */
  badge?: string;
  /** Where the image goes in scene pixels (may reach outside the scene, which then clips it). */
  place?: { left: number; top: number; width: number; height: number };
}

interface CompareProps {
  before: CompareSide;
  after: CompareSide;
  /** 'single' shows only `before` (a photo with no result yet), with the same zoom and pan. */
  mode: CompareMode | 'single';
  backdrop: Backdrop;
}

/** Where an image of natural size w×h sits when contain-fitted into the scene (scene pixels). */
function containRect(scene: { width: number; height: number }, w: number, h: number) {
  const k = Math.min(scene.width / w, scene.height / h);
  const width = w * k;
  const height = h * k;
  return { left: (scene.width - width) / 2, top: (scene.height - height) / 2, width, height };
}

function Scene({ side, backdrop }: { side: CompareSide; backdrop: Backdrop }) {
  const { scale, x, y, scene } = useView();
  // The image's own size, learnt on load (orientation applied), so a photo of another aspect than the
  // scene is letterboxed without the checkerboard pretending its margins are transparent pixels.
  const [natural, setNatural] = useState<{ url: string; w: number; h: number } | null>(null);
  const known = natural && natural.url === side.url ? natural : null;
  const rect =
    side.place ??
    (known
      ? containRect(scene, known.w, known.h)
      : { left: 0, top: 0, width: scene.width, height: scene.height });
  const image: CSSProperties = { ...rect, visibility: known ? 'visible' : 'hidden' };
  if (backdrop === 'checker') image.backgroundSize = `${16 / scale}px ${16 / scale}px`;
  else image.background = backdrop;
  return (
    <div
      className={`cmp-scene${scale >= 2 ? ' cmp-pixelated' : ''}${side.place ? ' cmp-scene-clip' : ''}`}
      style={{
        width: scene.width,
        height: scene.height,
        transform: `translate(${x}px, ${y}px) scale(${scale})`,
      }}
    >
      {side.url && (
        <div className={`cmp-image${backdrop === 'checker' ? ' cmp-checker' : ''}`} style={image}>
          <img
            src={side.url}
            alt={side.label}
            draggable={false}
            onLoad={(e) => {
              const img = e.currentTarget;
              setNatural({ url: img.src, w: img.naturalWidth || 1, h: img.naturalHeight || 1 });
            }}
          />
        </div>
      )}
    </div>
  );
}

function Label({ side, corner, hidden }: { side: CompareSide; corner: 'left' | 'right'; hidden?: boolean }) {
  return (
    <div className={`cmp-label cmp-label-${corner}${hidden ? ' cmp-label-hidden' : ''}`} aria-hidden="true">
      <strong>{side.label}</strong>
      {side.detail && <span>{side.detail}</span>}
      {side.badge && <em>{side.badge}</em>}
    </div>
  );
}

function SliderHandle() {
  const split = useView((s) => s.split);
  const setSplit = useView((s) => s.setSplit);
  const dragging = useRef(false);
  const onKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 0.1 : 0.01;
    const moves: Record<string, number> = {
      ArrowLeft: split - step,
      ArrowRight: split + step,
      Home: 0,
      End: 1,
    };
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    setSplit(Math.round(next * 1000) / 1000);
  };
  const move = (e: React.PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    const pane = e.currentTarget.parentElement!.getBoundingClientRect();
    setSplit((e.clientX - pane.left) / pane.width);
  };
  return (
    <div
      className="cmp-handle"
      style={{ left: `${split * 100}%` }}
      role="slider"
      tabIndex={0}
      aria-label="Before/after divider (arrow keys move it, Shift for bigger steps)"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(split * 100)}
      aria-valuetext={`${Math.round(split * 100)}% before`}
      aria-orientation="horizontal"
      data-no-pan
      data-testid="compare-slider"
      onKeyDown={onKey}
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={move}
      onPointerUp={() => (dragging.current = false)}
      onPointerCancel={() => (dragging.current = false)}
    >
      <span className="cmp-handle-grip" />
    </div>
  );
}

function SliderView({ before, after, backdrop }: Omit<CompareProps, 'mode'>) {
  const pane = useRef<HTMLDivElement>(null);
  usePanZoom(pane);
  usePaneSize(pane);
  const split = useView((s) => s.split);
  return (
    <div className="cmp-pane" ref={pane} data-testid="compare-pane">
      <div className="cmp-layer">
        <Scene side={before} backdrop={backdrop} />
      </div>
      <div className="cmp-layer" style={{ clipPath: `inset(0 0 0 ${split * 100}%)` }}>
        <Scene side={after} backdrop={backdrop} />
      </div>
      <Label side={before} corner="left" hidden={split < 0.15} />
      <Label side={after} corner="right" hidden={split > 0.85} />
      <SliderHandle />
    </div>
  );
}

function SidePane({
  side,
  backdrop,
  corner,
  measure,
}: {
  side: CompareSide;
  backdrop: Backdrop;
  corner: 'left' | 'right';
  measure: boolean;
}) {
  const pane = useRef<HTMLDivElement>(null);
  usePanZoom(pane);
  // Both halves are the same size; one reports it so the store has a single truth.
  usePaneSize(pane, measure);
  return (
    <div className="cmp-pane" ref={pane}>
      <div className="cmp-layer">
        <Scene side={side} backdrop={backdrop} />
      </div>
      <Label side={side} corner={corner} />
    </div>
  );
}

function ToggleView({ before, after, backdrop, single }: Omit<CompareProps, 'mode'> & { single?: boolean }) {
  const pane = useRef<HTMLDivElement>(null);
  const showing = useView((s) => (single ? 'before' : s.showing));
  const flip = useView((s) => s.flip);
  usePanZoom(pane, single ? undefined : flip);
  usePaneSize(pane);
  const side = showing === 'after' ? after : before;
  return (
    <div
      className={`cmp-pane${single ? '' : ' cmp-pane-toggle'}`}
      ref={pane}
      title={single ? undefined : 'Click to flip between before and after'}
      data-testid="compare-pane"
    >
      <div className="cmp-layer">
        <Scene side={side} backdrop={backdrop} />
      </div>
      {/* A lone photo is named in the stage header already; a label would only cover it. */}
      {!single && <Label side={side} corner={showing === 'after' ? 'right' : 'left'} />}
    </div>
  );
}

export function Compare(props: CompareProps) {
  const { mode, ...sides } = props;
  return (
    <div className={`cmp cmp-${mode}`} data-testid="compare" data-mode={mode}>
      {mode === 'slider' && <SliderView {...sides} />}
      {mode === 'side' && (
        <>
          <SidePane side={sides.before} backdrop={sides.backdrop} corner="left" measure />
          <SidePane side={sides.after} backdrop={sides.backdrop} corner="right" measure={false} />
        </>
      )}
      {mode === 'toggle' && <ToggleView {...sides} />}
      {mode === 'single' && <ToggleView {...sides} single />}
    </div>
  );
}
