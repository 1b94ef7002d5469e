/**
 * The Finishing stage: Backdrop's own shadow and placement, applied after whichever executor ran. It sits
 * under the request's panels but apart from them — it is never part of the request JSON — and travels in
 * share links, presets and the job (`finish`). Its words come from the recipe's FINISH_DOCS, its
 * defaults per shadow kind from SHADOW_DEFAULTS, so the panel, the API and the CLI cannot disagree.
 */
import { useEffect, useId, useState } from 'react';
import {
  FINISH_DOCS,
  PLACEMENT_DEFAULTS,
  SHADOW_DEFAULTS,
  SHADOW_FIELDS,
  finishDoc,
  parseFinish,
  type FinishShadow,
  type PlacementAnchor,
  type ShadowType,
} from '../../recipe/finish.ts';
import { Segmented } from '../common/Segmented.tsx';
import { Switch } from '../common/Switch.tsx';
import { InfoIcon } from '../common/icons.tsx';
import { loadLazyRecipe } from '../common/lazy-recipe.ts';
import { selectActiveRequest, useEditor } from '../state/editor-store.ts';
import { useFinish } from './finish-store.ts';
import { LightDial } from './LightDial.tsx';
import { useRefinish, useRefinishStatus } from './use-refinish.ts';
import './Finishing.css';

const KIND_OPTIONS = FINISH_DOCS[0]!.values!.map((v) => ({
  value: v.value as ShadowType,
  label: v.label,
  title: v.description,
}));

const ANCHOR_OPTIONS = finishDoc('placement.anchor')!.values!.map((v) => ({
  value: v.value as PlacementAnchor,
  label: v.label,
  title: v.description,
}));

type ShadowNumbers = (typeof SHADOW_DEFAULTS)['contact'];

/** The value a setting shows: what is set, else the kind's documented default. */
function shadowValue<K extends keyof ShadowNumbers>(
  shadow: FinishShadow | undefined,
  key: K,
): ShadowNumbers[K] | undefined {
  if (!shadow || shadow.type === 'none') return undefined;
  return (shadow[key] as ShadowNumbers[K] | undefined) ?? SHADOW_DEFAULTS[shadow.type][key];
}

interface SliderProps {
  path: string;
  value: number;
  isDefault: boolean;
  step: number;
  /** Shown beside the number: ×100 for shares written as percentages. */
  percent?: boolean;
  onChange(value: number | undefined): void;
  extra?: React.ReactNode;
}

/** One documented setting: label, "default" badge, ⓘ with the docs' words, a range and its number. */
function FinishSlider({ path, value, isDefault, step, percent, onChange, extra }: SliderProps) {
  const id = useId();
  const [help, setHelp] = useState(false);
  const doc = finishDoc(path)!;
  const min = doc.min ?? 0;
  const max = doc.max ?? 1;
  const k = percent ? 100 : 1;
  const shown = Math.round(value * k * 100) / 100;
  return (
    <div className="field" data-field={`finish.${path}`}>
      <div className="field-head">
        <label className="field-label" htmlFor={id}>
          {doc.label}
        </label>
        {isDefault ? <span className="field-default">default</span> : null}
        <button
          type="button"
          className="field-info"
          aria-label={`About ${doc.label}`}
          aria-expanded={help}
          onClick={() => setHelp(!help)}
        >
          <InfoIcon />
        </button>
      </div>
      {help ? (
        <div className="field-help">
          <p>{doc.description}</p>
        </div>
      ) : null}
      <div className="fin-row">
        {extra}
        <div className="control-slider" role="group" aria-label={doc.label} data-path={`finish.${path}`}>
          <input
            id={id}
            type="range"
            data-part="range"
            min={min * k}
            max={max * k}
            step={step * k}
            value={shown}
            style={{ '--fill': `${((value - min) / (max - min)) * 100}%` } as never}
            onChange={(e) => onChange(Number(e.currentTarget.value) / k)}
          />
          <input
            type="number"
            className="control-input control-number"
            data-part="number"
            aria-label={`${doc.label} value${percent ? ' in percent' : doc.unit ? ' in degrees' : ''}`}
            min={min * k}
            max={max * k}
            step={step * k}
            value={shown}
            onChange={(e) => {
              const n = Number(e.currentTarget.value);
              if (e.currentTarget.value.trim() === '') onChange(undefined);
              else if (Number.isFinite(n)) onChange(Math.min(max, Math.max(min, n / k)));
            }}
          />
        </div>
      </div>
    </div>
  );
}

function ShadowColor({ shadow }: { shadow: FinishShadow }) {
  const id = useId();
  const setShadow = useFinish((s) => s.setShadow);
  const color = shadowValue(shadow, 'color') ?? '#000000';
  return (
    <div className="field" data-field="finish.shadow.color">
      <div className="field-head">
        <label className="field-label" htmlFor={id}>
          {finishDoc('shadow.color')!.label}
        </label>
        {shadow.color === undefined ? <span className="field-default">default</span> : null}
      </div>
      <div className="control-color-row">
        <input
          id={id}
          type="color"
          className="control-swatch"
          data-path="finish.shadow.color"
          value={color.toLowerCase()}
          onChange={(e) => setShadow('color', e.currentTarget.value.toUpperCase())}
        />
        <code className="fin-hex">{color.toUpperCase()}</code>
      </div>
    </div>
  );
}

function ShadowSettings({ shadow }: { shadow: FinishShadow }) {
  const setShadow = useFinish((s) => s.setShadow);
  const setShadowType = useFinish((s) => s.setShadowType);
  const fields = SHADOW_FIELDS[shadow.type];
  const kind = KIND_OPTIONS.find((o) => o.value === shadow.type)!;
  const changed = fields.some((f) => shadow[f] !== undefined);
  const num = (key: 'opacity' | 'softness' | 'angle' | 'elevation') => shadowValue(shadow, key) as number;
  return (
    <>
      <p className="fin-kind-note" data-testid="finish-kind-note">
        {kind.title}
        {changed ? (
          <>
            {' '}
            <button type="button" className="link-button" onClick={() => setShadowType(shadow.type)}>
              Back to the {kind.label.toLowerCase()} defaults
            </button>
          </>
        ) : null}
      </p>
      {fields.includes('opacity') ? (
        <FinishSlider
          path="shadow.opacity"
          value={num('opacity')}
          isDefault={shadow.opacity === undefined}
          step={0.05}
          onChange={(v) => setShadow('opacity', v)}
        />
      ) : null}
      {fields.includes('softness') ? (
        <FinishSlider
          path="shadow.softness"
          value={num('softness')}
          isDefault={shadow.softness === undefined}
          step={0.05}
          onChange={(v) => setShadow('softness', v)}
        />
      ) : null}
      {fields.includes('angle') ? (
        <FinishSlider
          path="shadow.angle"
          value={num('angle')}
          isDefault={shadow.angle === undefined}
          step={5}
          onChange={(v) => setShadow('angle', v)}
          extra={<LightDial angle={num('angle')} elevation={num('elevation')} />}
        />
      ) : null}
      {fields.includes('elevation') ? (
        <FinishSlider
          path="shadow.elevation"
          value={num('elevation')}
          isDefault={shadow.elevation === undefined}
          step={5}
          onChange={(v) => setShadow('elevation', v)}
        />
      ) : null}
      {fields.includes('color') ? <ShadowColor shadow={shadow} /> : null}
    </>
  );
}

function PlacementSettings() {
  const placement = useFinish((s) => s.finish.placement);
  const setPlacementOn = useFinish((s) => s.setPlacementOn);
  const setPlacement = useFinish((s) => s.setPlacement);
  const id = useId();
  const p = { ...PLACEMENT_DEFAULTS, ...placement };
  return (
    <div className="fin-group" role="group" aria-labelledby={id}>
      <div className="fin-group-head">
        <h3 id={id} className="fin-subtitle">
          Placement
        </h3>
        <Switch
          checked={placement !== undefined}
          onChange={setPlacementOn}
          aria-labelledby={id}
          dataPath="finish.placement"
        />
      </div>
      {placement === undefined ? (
        <p className="fin-muted">
          Off: the subject stays where the framing puts it. On: it stands on the floor line of a new backdrop,
          at the fill you choose.
        </p>
      ) : (
        <>
          <Segmented
            label={finishDoc('placement.anchor')!.label}
            value={p.anchor}
            options={ANCHOR_OPTIONS}
            onChange={(v) => setPlacement('anchor', v)}
            dataPath="finish.placement.anchor"
            size="sm"
          />
          <FinishSlider
            path="placement.scale"
            value={p.scale}
            isDefault={placement.scale === undefined}
            step={0.01}
            percent
            onChange={(v) => setPlacement('scale', v)}
          />
          <FinishSlider
            path="placement.margin"
            value={p.margin}
            isDefault={placement.margin === undefined}
            step={0.01}
            percent
            onChange={(v) => setPlacement('margin', v)}
          />
          <FinishSlider
            path="placement.x"
            value={p.x}
            isDefault={placement.x === undefined}
            step={0.05}
            onChange={(v) => setPlacement('x', v)}
          />
        </>
      )}
    </div>
  );
}

/** Whether the request's background is the photo's own (kept or blurred): finishing then does nothing. */
function usePhotosOwnBackground(): boolean {
  const dialect = useEditor((s) => s.dialect);
  const request = useEditor(selectActiveRequest);
  const [own, setOwn] = useState(false);
  useEffect(() => {
    let live = true;
    loadLazyRecipe()
      .then(({ toPlan }) => {
        if (!live) return;
        try {
          const kind = toPlan(dialect, request).background.kind;
          setOwn(kind === 'original' || kind === 'blur');
        } catch {
          setOwn(false); // an invalid request says so in its own panels
        }
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [dialect, request]);
  return own;
}

function RefinishStatusLine() {
  const status = useRefinishStatus((s) => s.status);
  if (status.kind === 'idle') return null;
  return (
    <p
      className={`fin-status fin-status-${status.kind}`}
      role={status.kind === 'error' ? 'alert' : 'status'}
      data-testid="finish-status"
    >
      {status.kind === 'updating'
        ? 'Updating the result on screen…'
        : status.kind === 'error'
          ? `The result was not updated: ${status.message}`
          : status.message}
    </p>
  );
}

/** Loaded apart from the first paint (App.tsx): the recipe's finish schemas and docs come with it. */
export default function FinishingPanel() {
  useRefinish();
  useEffect(() => {
    useFinish.getState().keepIfValid((value) => parseFinish(value).ok);
  }, []);
  const titleId = useId();
  const on = useFinish((s) => s.on);
  const setOn = useFinish((s) => s.setOn);
  const shadow = useFinish((s) => s.finish.shadow) ?? { type: 'none' as const };
  const setShadowType = useFinish((s) => s.setShadowType);
  const ownBackground = usePhotosOwnBackground();
  return (
    <section
      className={`panel fin${on ? ' panel-on' : ''}`}
      aria-labelledby={titleId}
      data-panel="finishing"
      data-testid="finishing-panel"
    >
      <header className="panel-header">
        <div className="panel-titles">
          <h2 id={titleId} className="panel-title">
            Finishing <span className="fin-badge">Backdrop</span>
          </h2>
          <p className="panel-summary">
            Shadow and placement after any executor — sent beside the request, never in its JSON.
          </p>
        </div>
        <Switch checked={on} onChange={setOn} aria-labelledby={titleId} dataPath="finish" />
      </header>
      {on ? (
        <div className="panel-body fin-body">
          {ownBackground ? (
            <p className="field-issue field-issue-warning" data-issue="finish-own-background">
              The background is the photo’s own, with its real shadow: finishing applies once the background
              is removed, coloured, replaced or generated.
            </p>
          ) : null}
          <div className="fin-shadow" data-path="finish.shadow">
            <Segmented
              label="Shadow"
              value={shadow.type}
              options={KIND_OPTIONS}
              onChange={setShadowType}
              dataPath="finish.shadow.type"
              size="sm"
            />
            {shadow.type === 'none' ? (
              <p className="fin-muted">
                No shadow (the generated studio backdrop’s own shadow is left out too).
              </p>
            ) : (
              <ShadowSettings shadow={shadow} />
            )}
          </div>
          <PlacementSettings />
          <RefinishStatusLine />
        </div>
      ) : null}
    </section>
  );
}
