// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultRequest, getAt, translate } from '../../recipe/index.ts';
import {
  COALESCE_MS,
  EDITOR_STORAGE_KEY,
  HISTORY_LIMIT,
  flushEditorStorage,
  initialRequests,
  selectActiveRequest,
  useEditor,
} from './editor-store.ts';

const reset = () =>
  useEditor.setState({ dialect: 'claid', requests: initialRequests(), past: [], future: [], lastEdit: null });

const active = () => selectActiveRequest(useEditor.getState());

beforeEach(() => {
  reset();
  flushEditorStorage();
  localStorage.clear();
});

afterEach(() => vi.useRealTimers());

describe('editing and undo', () => {
  it('starts from the documented default request of each dialect', () => {
    expect(useEditor.getState().requests.claid).toEqual(defaultRequest('claid'));
    expect(useEditor.getState().requests['deep-image']).toEqual(defaultRequest('deep-image'));
  });

  it('sets and deletes options by path, pruning emptied parents', () => {
    const { setOption } = useEditor.getState();
    setOption('operations.background.blur', true);
    expect(getAt(active(), 'operations.background.blur')).toBe(true);
    setOption('operations.background.blur', undefined);
    expect(getAt(active(), 'operations.background.blur')).toBeUndefined();
    setOption('output.format', undefined);
    expect(active().output).toBeUndefined();
  });

  it('undoes and redoes every edit in order', () => {
    const { setOption, undo, redo } = useEditor.getState();
    const start = active();
    setOption('operations.background.color', '#112233', { coalesceKey: null });
    setOption('output.format', 'webp', { coalesceKey: null });
    undo();
    expect(getAt(active(), 'output.format')).toBe('png');
    expect(getAt(active(), 'operations.background.color')).toBe('#112233');
    undo();
    expect(active()).toEqual(start);
    redo();
    redo();
    expect(getAt(active(), 'output.format')).toBe('webp');
    // A new edit after undo drops the redo branch.
    undo();
    setOption('output.format', 'avif', { coalesceKey: null });
    expect(useEditor.getState().future).toHaveLength(0);
  });

  it('does not record edits that change nothing', () => {
    useEditor.getState().setOption('output.format', 'png');
    expect(useEditor.getState().past).toHaveLength(0);
  });

  it('coalesces a slider drag into one undo step, but not edits further apart', () => {
    vi.useFakeTimers();
    const { setOption, undo } = useEditor.getState();
    useEditor.getState().setDialect('deep-image');
    for (let i = 1; i <= 30; i++) {
      setOption('background.generate.item_area_percentage', i / 100);
      vi.advanceTimersByTime(16);
    }
    expect(useEditor.getState().past).toHaveLength(1);
    vi.advanceTimersByTime(COALESCE_MS + 10);
    setOption('background.generate.item_area_percentage', 0.9);
    expect(useEditor.getState().past).toHaveLength(2);
    undo();
    expect(getAt(active(), 'background.generate.item_area_percentage')).toBe(0.3);
    undo();
    expect(getAt(active(), 'background.generate')).toBeUndefined();
  });

  it('does not merge edits of different options', () => {
    const { setOption } = useEditor.getState();
    setOption('operations.background.color', '#000000');
    setOption('output.format', 'webp');
    expect(useEditor.getState().past).toHaveLength(2);
  });

  it('bounds the history', () => {
    const { setOption } = useEditor.getState();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++)
      setOption('operations.resizing.width', i + 1, { coalesceKey: null });
    expect(useEditor.getState().past).toHaveLength(HISTORY_LIMIT);
  });
});

describe('dialects', () => {
  it('keeps each dialect’s request when switching', () => {
    const { setOption, setDialect } = useEditor.getState();
    setOption('operations.background.color', '#ABCDEF');
    setDialect('deep-image');
    setOption('background.remove', 'human');
    setDialect('claid');
    expect(getAt(active(), 'operations.background.color')).toBe('#ABCDEF');
    setDialect('deep-image');
    expect(getAt(active(), 'background.remove')).toBe('human');
  });

  it('applies a translation as one undoable step, restoring the replaced request', () => {
    const { setOption, replaceRequest, undo } = useEditor.getState();
    setOption('operations.background.color', '#C5C6FF');
    const before = useEditor.getState().requests['deep-image']!;
    const { request } = translate(active(), 'claid', 'deep-image');
    replaceRequest('deep-image', request);
    expect(useEditor.getState().dialect).toBe('deep-image');
    expect(getAt(active(), 'background.color')).toBe('#C5C6FF');
    undo();
    expect(useEditor.getState().dialect).toBe('claid');
    expect(useEditor.getState().requests['deep-image']).toEqual(before);
  });

  it('keeps unknown keys through edits', () => {
    const { replaceRequest, setOption } = useEditor.getState();
    replaceRequest('claid', {
      operations: { background: { remove: true, sparkle: 3 } },
      experimental: { a: 1 },
    });
    setOption('operations.background.color', '#FFFFFF');
    expect(active()).toEqual({
      operations: { background: { remove: true, sparkle: 3, color: '#FFFFFF' } },
      experimental: { a: 1 },
    });
  });
});

describe('persistence', () => {
  it('writes the dialect and requests (not the history) to localStorage', () => {
    const { setOption, setDialect } = useEditor.getState();
    setOption('operations.background.color', '#010203');
    setDialect('deep-image');
    // Written lazily (off the edit's critical path), and at once when the page hides.
    flushEditorStorage();
    const stored = JSON.parse(localStorage.getItem(EDITOR_STORAGE_KEY)!);
    expect(stored.state.dialect).toBe('deep-image');
    expect(stored.state.requests.claid.operations.background.color).toBe('#010203');
    expect(stored.state.past).toBeUndefined();
  });

  it('restores what was stored, keeping unknown keys, and ignores broken parts', async () => {
    localStorage.setItem(
      EDITOR_STORAGE_KEY,
      JSON.stringify({
        state: {
          dialect: 'deep-image',
          requests: { claid: 'garbage', 'deep-image': { background: { remove: 'v2' }, zz: 1 } },
        },
        version: 1,
      }),
    );
    await useEditor.persist.rehydrate();
    const state = useEditor.getState();
    expect(state.dialect).toBe('deep-image');
    expect(state.requests['deep-image']).toEqual({ background: { remove: 'v2' }, zz: 1 });
    expect(state.requests.claid).toEqual(defaultRequest('claid'));
  });

  it('writes on page hide without waiting for the delay', () => {
    useEditor.getState().setOption('output.format', 'avif');
    window.dispatchEvent(new Event('pagehide'));
    expect(JSON.parse(localStorage.getItem(EDITOR_STORAGE_KEY)!).state.requests.claid.output.format).toBe(
      'avif',
    );
  });

  it('survives unreadable storage and an unknown dialect', async () => {
    localStorage.setItem(EDITOR_STORAGE_KEY, '{not json');
    await useEditor.persist.rehydrate();
    expect(useEditor.getState().dialect).toBe('claid');
    localStorage.setItem(EDITOR_STORAGE_KEY, JSON.stringify({ state: { dialect: 'photoshop' }, version: 1 }));
    await useEditor.persist.rehydrate();
    expect(useEditor.getState().dialect).toBe('claid');
  });
});

describe('touch-up steps in the same history', () => {
  const mark = (version: number, grow = 0, feather = 0) => ({ photoId: 'p', version, grow, feather });

  it('undoes strokes and request edits in the order they happened, and never persists the marks', () => {
    const s = useEditor.getState();
    s.startTouchup(mark(1));
    expect(useEditor.getState().past).toHaveLength(0); // starting is not a step
    s.recordTouchup(mark(2));
    s.setOption('output.format', 'webp', { coalesceKey: null });
    s.recordTouchup(mark(3));
    useEditor.getState().undo();
    expect(useEditor.getState().touchup).toEqual(mark(2));
    expect(getAt(active(), 'output.format')).toBe('webp');
    useEditor.getState().undo();
    expect(useEditor.getState().touchup).toEqual(mark(2));
    expect(getAt(active(), 'output.format')).not.toBe('webp');
    useEditor.getState().undo();
    expect(useEditor.getState().touchup).toEqual(mark(1));
    useEditor.getState().redo();
    expect(useEditor.getState().touchup).toEqual(mark(2));
    flushEditorStorage();
    expect(localStorage.getItem(EDITOR_STORAGE_KEY) ?? '').not.toContain('touchup');
  });

  it('merges a slider drag into one step', () => {
    vi.useFakeTimers();
    const s = useEditor.getState();
    s.startTouchup(mark(1));
    s.recordTouchup(mark(1, 1), { coalesceKey: 'grow' });
    vi.advanceTimersByTime(COALESCE_MS / 2);
    s.recordTouchup(mark(1, 2), { coalesceKey: 'grow' });
    vi.advanceTimersByTime(COALESCE_MS / 2);
    s.recordTouchup(mark(1, 3), { coalesceKey: 'grow' });
    expect(useEditor.getState().past).toHaveLength(1);
    useEditor.getState().undo();
    expect(useEditor.getState().touchup).toEqual(mark(1));
  });
});
