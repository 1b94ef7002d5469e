// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { getAt } from '../../recipe/index.ts';
import { initialRequests, useEditor } from '../state/editor-store.ts';
import { PanelList } from './PanelList.tsx';

const request = () => useEditor.getState().requests[useEditor.getState().dialect];
const byPath = (path: string) => document.querySelector<HTMLElement>(`[data-path="${path}"]`);

function radio(path: string, label: string) {
  const group = byPath(path);
  if (!group) throw new Error(`no control for ${path}`);
  return within(group).getByRole('radio', { name: label });
}

beforeEach(() => {
  localStorage.clear();
  useEditor.setState({ dialect: 'claid', requests: initialRequests(), past: [], future: [], lastEdit: null });
});
afterEach(cleanup);

describe('generated Claid panels', () => {
  it('shows the default request in the controls, with the default badge and the docs text', () => {
    render(<PanelList />);
    expect(radio('operations.background.remove', 'By category')).toHaveProperty('checked', true);
    expect(radio('operations.background.remove.category', 'Products')).toHaveProperty('checked', true);
    const categoryField = document.querySelector('[data-field="operations.background.remove.category"]')!;
    expect(categoryField.querySelector('.field-default')?.textContent).toBe('default');
    fireEvent.click(
      within(categoryField as HTMLElement).getByRole('button', {
        name: 'About Category (Remove background)',
      }),
    );
    expect(categoryField.textContent).toContain('Cannot be used together with selective');
    expect(categoryField.querySelector('a')?.getAttribute('href')).toContain('docs.claid.ai');
  });

  it('edits the request through segmented, text, toggle and select controls', () => {
    render(<PanelList />);
    fireEvent.click(radio('operations.background.remove.category', 'Cars'));
    expect(getAt(request(), 'operations.background.remove.category')).toBe('cars');

    fireEvent.click(radio('operations.background.remove', 'Selective'));
    expect(getAt(request(), 'operations.background.remove')).toEqual({ selective: { object_to_keep: '' } });
    // The empty object is explained right at its control, as an error.
    const issue = document.querySelector(
      '[data-field="operations.background.remove.selective.object_to_keep"] .field-issue-error',
    );
    expect(issue?.textContent).toMatch(/Name the object to keep/);
    fireEvent.change(byPath('operations.background.remove.selective.object_to_keep')!, {
      target: { value: 'bottle' },
    });
    expect(getAt(request(), 'operations.background.remove.selective.object_to_keep')).toBe('bottle');

    fireEvent.click(byPath('operations.background.remove.clipping')!);
    expect(getAt(request(), 'operations.background.remove')).toEqual({
      selective: { object_to_keep: 'bottle' },
      clipping: true,
    });

    fireEvent.click(radio('operations.background.remove', 'Automatic'));
    expect(getAt(request(), 'operations.background.remove')).toEqual({ clipping: true });
  });

  it('switches panels on and off, with what else changed and an undo', () => {
    render(<PanelList />);
    const blurSwitch = document.querySelector<HTMLElement>('[data-panel-switch="blur"]')!;
    const note = () => document.querySelector('[data-panel="blur"] [data-testid="panel-note"]');
    fireEvent.click(blurSwitch);
    expect(getAt(request(), 'operations.background.blur')).toBe(true);
    // Blur cannot go with removal (nor its colour): both went, and the panel says so.
    expect(getAt(request(), 'operations.background.remove')).toBeUndefined();
    expect(note()?.textContent).toBe(
      'Also switched off Background color and Remove background, which cannot go with Blur background.Undo',
    );
    expect(document.querySelectorAll('.field-issue-warning')).toHaveLength(0);
    // Undo brings back everything the switch changed, in one step.
    fireEvent.click(within(note() as HTMLElement).getByRole('button', { name: 'Undo' }));
    expect(getAt(request(), 'operations.background')).toEqual({
      remove: { category: 'products' },
      color: 'transparent',
    });
    expect(note()).toBeNull();
    fireEvent.click(blurSwitch);
    fireEvent.click(radio('operations.background.blur.type', 'Lens'));
    expect(getAt(request(), 'operations.background.blur')).toEqual({ type: 'lens' });
    expect(note()).toBeNull(); // the next edit makes the note go
    fireEvent.click(blurSwitch);
    expect(getAt(request(), 'operations.background.blur')).toBeUndefined();
  });

  it('gives every radio group its own name, even where two panels both say "Mode"', () => {
    useEditor.getState().replaceRequest('claid', {
      operations: {
        background: { remove: { category: 'cars' }, blur: { category: 'general' } },
        resizing: { width: 800 },
      },
      output: { format: 'jpeg' },
    });
    render(<PanelList />);
    const names = [...document.querySelectorAll('[role="radiogroup"]')].map((g) =>
      g.getAttribute('aria-label'),
    );
    expect(names).toContain('Mode (Remove background)');
    expect(names).toContain('Mode (Blur background)');
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('warns where the user is about transparent with JPEG', () => {
    render(<PanelList />);
    fireEvent.click(radio('output.format', 'JPEG'));
    const colorField = document.querySelector('[data-field="operations.background.color"]')!;
    expect(colorField.querySelector('.field-issue-warning')?.textContent).toMatch(/PNG, WebP or AVIF/);
  });

  it('keeps the output format object when quality is set, and collapses it back', () => {
    render(<PanelList />);
    fireEvent.click(radio('output.format', 'WebP'));
    const slider = byPath('output.format.quality')!;
    fireEvent.change(within(slider).getByRole('spinbutton'), { target: { value: '80' } });
    expect(getAt(request(), 'output.format')).toEqual({ type: 'webp', quality: 80 });
    fireEvent.change(within(slider).getByRole('spinbutton'), { target: { value: '' } });
    expect(getAt(request(), 'output.format')).toBe('webp');
  });

  it('edits a hex colour and refuses half-typed ones', () => {
    render(<PanelList />);
    const color = byPath('operations.background.color')!;
    fireEvent.click(within(color).getByRole('radio', { name: 'Colour' }));
    const hex = color.querySelector<HTMLInputElement>('[data-part="hex"]')!;
    fireEvent.focus(hex);
    fireEvent.change(hex, { target: { value: '#C5C' } });
    expect(getAt(request(), 'operations.background.color')).toBe('#FFFFFF');
    fireEvent.change(hex, { target: { value: '#c5c6ff' } });
    expect(getAt(request(), 'operations.background.color')).toBe('#C5C6FF');
  });
});

describe('generated Deep-Image panels', () => {
  beforeEach(() => act(() => useEditor.getState().setDialect('deep-image')));

  it('builds a generate block with seed lock, rgb colour and a length with units', () => {
    render(<PanelList />);
    fireEvent.click(document.querySelector<HTMLElement>('[data-panel-switch="generate"]')!);
    expect(getAt(request(), 'background.generate.item_area_percentage')).toBe(0.65);

    const seed = screen.getByRole('button', { name: 'Lock Seed' });
    fireEvent.click(seed);
    const locked = getAt(request(), 'background.generate.sample_num');
    expect(typeof locked).toBe('number');
    fireEvent.click(screen.getByRole('button', { name: 'Re-roll Seed' }));
    expect(getAt(request(), 'background.generate.sample_num')).not.toBe(undefined);
    fireEvent.click(seed);
    expect(getAt(request(), 'background.generate.sample_num')).toBeUndefined();

    const rgb = byPath('background.generate.color')!;
    fireEvent.change(rgb.querySelector('[data-part="picker"]')!, { target: { value: '#d9b3be' } });
    expect(getAt(request(), 'background.generate.color')).toEqual([217, 179, 190]);

    fireEvent.click(document.querySelector<HTMLElement>('[data-panel-switch="framing"]')!);
    const width = byPath('width')!;
    fireEvent.change(width.querySelector('[data-part="amount"]')!, { target: { value: '1000' } });
    expect(getAt(request(), 'width')).toBe(1000);
    fireEvent.click(within(width).getByRole('radio', { name: '%' }));
    expect(getAt(request(), 'width')).toBe('1000%');

    const fit = byPath('fit') as HTMLSelectElement;
    const itemOption = [...fit.options].find((o) => o.text === 'Crop to item')!;
    fireEvent.change(fit, { target: { value: itemOption.value } });
    expect(getAt(request(), 'fit')).toEqual({ crop: 'item' });
  });

  it('shows the prompt field only for generative removal', () => {
    render(<PanelList />);
    expect(byPath('background.prompt')).toBeNull();
    fireEvent.click(radio('background.remove', 'Generative'));
    expect(byPath('background.prompt')).not.toBeNull();
  });
});
