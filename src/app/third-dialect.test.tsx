// @vitest-environment happy-dom
/**
 * A third provider, registered by a test and named nowhere else (src/recipe/testing/cutout/), flows
 * through the editor: the dialect switch offers it and a choice of translation targets, its panels are
 * made from its docs and edit its request, the JSON preview prints it in its docs' key order, its snippets
 * call its own endpoint with its own key header, and translating to it reports what it cannot carry.
 * The server half (jobs API, executor list, CLI) is in src/server/third-dialect.test.ts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { registerCutout } from '../recipe/testing/cutout/index.ts';
import { initialRequests, selectActiveRequest, useEditor } from './state/editor-store.ts';
import { DialectSwitch } from './panels/DialectSwitch.tsx';
import { PanelList } from './panels/PanelList.tsx';
import { RequestPane } from './json/RequestPane.tsx';
import { useJsonPane } from './json/json-pane-store.ts';

// happy-dom has no modal dialogs; the translate dialog only needs these two methods.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.setAttribute('open', '');
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.removeAttribute('open');
};

let unregister: () => void;
beforeAll(() => {
  unregister = registerCutout();
});
afterAll(() => unregister());
beforeEach(() => {
  localStorage.clear();
  useEditor.setState({ dialect: 'claid', requests: initialRequests(), past: [], future: [], lastEdit: null });
  useJsonPane.getState().setTab('json');
});
afterEach(cleanup);

const active = () => selectActiveRequest(useEditor.getState());

describe('a third dialect in the editor', () => {
  it('is offered by the dialect switch; translation then asks for its target', async () => {
    render(<DialectSwitch />);
    const group = screen.getByRole('radiogroup', { name: 'Dialect' });
    const names = within(group)
      .getAllByRole('radio')
      .map((radio) => radio.closest('label')?.textContent);
    expect(names).toEqual(['Claid', 'Deep-Image', 'Cutout']);
    // Three dialects: no single "other" one, so the button asks and the dialog offers the choice.
    expect(screen.getByTestId('translate-open').textContent).toBe('Translate to…');
    fireEvent.click(screen.getByTestId('translate-open'));
    const dialog = await screen.findByTestId('translate-dialog');
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Cutout' }));
    // The default Claid request (products cut-out, transparent, PNG) carries over whole.
    await within(dialog).findByLabelText('Translated Cutout request');
    expect(within(dialog).getByLabelText('Translated Cutout request').textContent).toBe(
      '{\n  "background": "transparent",\n  "format": "png"\n}',
    );
    useEditor.getState().setOption('operations.background.color', '#C5C6FF');
    expect(await within(dialog).findByTestId('translate-losses')).toHaveProperty(
      'textContent',
      expect.stringContaining('Cutout fills with white only, not #C5C6FF.'),
    );
    fireEvent.click(within(dialog).getByTestId('translate-apply'));
    expect(useEditor.getState().dialect).toBe('cutout');
    expect(active()).toEqual({ background: 'white', format: 'png' });
  });

  it('gets panels from its docs that edit its request, and its JSON preview in docs order', () => {
    useEditor.getState().setDialect('cutout');
    expect(active()).toEqual({ background: 'transparent', format: 'png' });
    render(
      <>
        <PanelList />
        <RequestPane />
      </>,
    );
    expect([...document.querySelectorAll('[data-panel]')].map((p) => p.getAttribute('data-panel'))).toEqual([
      'background',
      'format',
      'width',
    ]);
    const background = document.querySelector<HTMLElement>('[data-path="background"]')!;
    fireEvent.click(within(background).getByRole('radio', { name: 'White' }));
    fireEvent.click(within(document.querySelector<HTMLElement>('[data-panel="width"]')!).getByRole('switch'));
    const width = document.querySelector<HTMLInputElement>('input[data-path="width"]')!;
    fireEvent.change(width, { target: { value: '800' } });
    expect(active()).toEqual({ background: 'white', format: 'png', width: 800 });
    // The preview prints the request in the docs' order, whatever order the edits came in.
    expect(screen.getByTestId('json-preview').textContent).toBe(
      '{\n  "background": "white",\n  "format": "png",\n  "width": 800\n}',
    );
  });

  it('writes snippets that call its own endpoint with its own key header and form fields', async () => {
    useEditor.getState().setDialect('cutout');
    render(<RequestPane />);
    fireEvent.click(screen.getByRole('tab', { name: 'curl' }));
    fireEvent.click(await screen.findByRole('radio', { name: /provider|Cutout/i }));
    const code = await screen.findByText(/api\.cutout\.example/);
    expect(code.textContent).toContain("curl -sS -X POST 'https://api.cutout.example/v1/cutout'");
    expect(code.textContent).toContain('-H "X-Api-Key: $CUTOUT_API_KEY"');
    expect(code.textContent).toContain(`--form-string 'options={"background":"transparent","format":"png"}'`);
  });
});
