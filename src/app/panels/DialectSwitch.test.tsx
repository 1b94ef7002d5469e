// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { getAt, print } from '../../recipe/index.ts';
import { initialRequests, useEditor } from '../state/editor-store.ts';
import { DialectSwitch } from './DialectSwitch.tsx';

// happy-dom has no modal dialogs; the component only needs these two methods.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.setAttribute('open', '');
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.removeAttribute('open');
};

beforeEach(() => {
  useEditor.setState({ dialect: 'claid', requests: initialRequests(), past: [], future: [], lastEdit: null });
});
afterEach(cleanup);

describe('dialect switch and translation', () => {
  it('switches dialect without touching either request', () => {
    const before = useEditor.getState().requests;
    render(<DialectSwitch />);
    fireEvent.click(screen.getByRole('radio', { name: 'Deep-Image' }));
    expect(useEditor.getState().dialect).toBe('deep-image');
    expect(useEditor.getState().requests).toBe(before);
  });

  it('shows the losses first, then replaces the other dialect’s request as one undoable step', async () => {
    useEditor
      .getState()
      .setOption('operations.background.remove', { selective: { object_to_keep: 'bottle' } });
    const deepImageBefore = useEditor.getState().requests['deep-image'];
    render(<DialectSwitch />);
    fireEvent.click(screen.getByTestId('translate-open'));
    const dialog = await screen.findByTestId('translate-dialog');
    const losses = within(dialog).getByTestId('translate-losses');
    expect(losses.textContent).toContain('object_to_keep');
    // Nothing is applied until the user agrees.
    expect(useEditor.getState().requests['deep-image']).toBe(deepImageBefore);
    const preview = within(dialog).getByLabelText('Translated Deep-Image request');
    fireEvent.click(within(dialog).getByTestId('translate-apply'));
    const state = useEditor.getState();
    expect(state.dialect).toBe('deep-image');
    expect(print(state.requests['deep-image']!, 'deep-image')).toBe(preview.textContent);
    expect(getAt(state.requests['deep-image']!, 'background.remove')).toBe('item');
    state.undo();
    expect(useEditor.getState().requests['deep-image']).toEqual(deepImageBefore);
  });
});
