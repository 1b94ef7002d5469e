/**
 * The touch-up's controls above the canvas, in two rows: the brush (what a stroke does) and Done, then
 * the whole mask (how it is shown, grow/shrink and feather, the mask as a file). The tools themselves are
 * on the rail beside the canvas (ToolRail). Every control has a label and its shortcut in its title.
 */
import { useId, useRef, type ReactNode } from 'react';
import { Button } from '../common/Button.tsx';
import { Segmented } from '../common/Segmented.tsx';
import { Switch } from '../common/Switch.tsx';
import type { MaskSession } from './mask-session.ts';
import { downloadMask, loadMaskFile } from './touchup-controller.ts';
import { FEATHER_MAX, GROW_RANGE, SIZE_RANGE, useTouchup, type Overlay } from './touchup-store.ts';

const OVERLAYS = [
  { value: 'tint', label: 'Tint', title: 'The photo, with the background tinted red (O)' },
  { value: 'cutout', label: 'Cut-out', title: 'The subject alone over a checkerboard (O)' },
] as const;

function Slider(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  format: (v: number) => string;
  title: string;
  disabled?: boolean;
  onChange(v: number): void;
}) {
  const id = useId();
  return (
    <div className="tu-slider" title={props.title}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="range"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={props.value}
        disabled={props.disabled}
        aria-valuetext={props.format(props.value)}
        onChange={(e) => props.onChange(Number(e.currentTarget.value))}
      />
      <output htmlFor={id}>{props.format(props.value)}</output>
    </div>
  );
}

const Group = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="tu-group" role="group" aria-label={label}>
    {children}
  </div>
);

function MaskMenu({ session }: { session: MaskSession | null }) {
  const file = useRef<HTMLInputElement>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const closeMenu = () => menu.current?.removeAttribute('open');
  const download = async () => {
    closeMenu();
    const link = await downloadMask();
    if (!link) return;
    const a = document.createElement('a');
    a.href = link.url;
    a.download = link.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(link.url), 10_000);
  };
  return (
    <details className="tu-menu" ref={menu}>
      <summary className="btn btn-ghost btn-sm" aria-disabled={!session || undefined}>
        Mask
      </summary>
      <div className="tu-menu-items">
        <button type="button" disabled={!session} onClick={() => void download()}>
          Download mask <span>PNG at the photo’s size</span>
        </button>
        <button type="button" disabled={!session} onClick={() => (closeMenu(), file.current?.click())}>
          Load a mask… <span>white = subject, or a cut-out’s transparency</span>
        </button>
        <button type="button" disabled={!session} onClick={() => (closeMenu(), session?.startOver())}>
          Start over <span>back to the mask you began with (undoable)</span>
        </button>
      </div>
      <input
        ref={file}
        type="file"
        accept="image/png"
        hidden
        data-testid="touchup-mask-file"
        onChange={(e) => {
          const chosen = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (chosen) void loadMaskFile(chosen);
        }}
      />
    </details>
  );
}

export function TouchUpToolbar({ session, onDone }: { session: MaskSession | null; onDone(): void }) {
  const s = useTouchup();
  const brushes = session !== null;
  const brushOff = !brushes || s.tool === 'box';
  const adjust = (grow: number, feather: number, key: string) => {
    s.setAdjustments({ grow, feather });
    const next = useTouchup.getState();
    session?.setAdjustments({ grow: next.grow, feather: next.feather }, key);
  };
  const done = (
    <Button variant="primary" size="sm" onClick={onDone} title="Leave touch-up (Esc); every change is saved">
      Done
    </Button>
  );
  // Before the first run there is no mask yet, only the box: brush and whole-mask controls would all be
  // disabled, so they are not shown (they take half a phone's screen).
  if (!brushes)
    return (
      <div className="tu-tools" data-testid="touchup-tools">
        <div className="tu-row">
          <p className="tu-hint">
            Before the first run there is only the box; brushes, grow and feather come with the result.
          </p>
          <div className="tu-spacer" />
          {done}
        </div>
      </div>
    );
  return (
    <div className="tu-tools" data-testid="touchup-tools">
      <div className="tu-row">
        <Group label="Brush">
          <Slider
            label="Size"
            title="Brush size in photo pixels ([ and ])"
            value={s.size}
            min={SIZE_RANGE.min}
            max={SIZE_RANGE.max}
            format={(v) => `${v} px`}
            disabled={brushOff}
            onChange={s.setSize}
          />
          <Slider
            label="Hardness"
            title="Hardness (Shift+[ and Shift+])"
            value={Math.round(s.hardness * 100)}
            min={0}
            max={100}
            format={(v) => `${v}%`}
            disabled={brushOff}
            onChange={(v) => s.setHardness(v / 100)}
          />
          <label
            className="tu-switch"
            title="Strokes near an edge follow the photo's own edge: no halo, no bite"
          >
            <Switch checked={s.edgeAware} disabled={brushOff} onChange={s.setEdgeAware} />
            Snap to edges
          </label>
        </Group>
        <div className="tu-spacer" />
        {done}
      </div>
      <div className="tu-row">
        <Segmented<Overlay>
          label="Show the mask as"
          value={s.overlay}
          options={OVERLAYS}
          onChange={s.setOverlay}
          size="sm"
        />
        <Group label="Whole mask">
          <Slider
            label="Grow"
            title="Grow (right) or shrink (left) the whole subject, in photo pixels"
            value={s.grow}
            min={GROW_RANGE.min}
            max={GROW_RANGE.max}
            format={(v) => `${v > 0 ? '+' : ''}${v} px`}
            onChange={(v) => adjust(v, s.feather, 'grow')}
          />
          <Slider
            label="Feather"
            title="Soften the whole mask's edge, in photo pixels"
            value={s.feather}
            min={0}
            max={FEATHER_MAX}
            step={0.5}
            format={(v) => `${v} px`}
            onChange={(v) => adjust(s.grow, v, 'feather')}
          />
        </Group>
        <MaskMenu session={session} />
      </div>
    </div>
  );
}
