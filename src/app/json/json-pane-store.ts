/** Which view of the request is showing, so a JSON paste anywhere can open the editor with it. */
import { create } from 'zustand';

export type RequestTab = 'json' | 'curl' | 'fetch' | 'python';

interface JsonPaneState {
  tab: RequestTab;
  /** null = the preview; a string = the editor, starting from that text. */
  draft: string | null;
  /** Snippets wrap long lines (on) or scroll sideways (off). */
  wrapSnippets: boolean;
  setTab(tab: RequestTab): void;
  setWrapSnippets(wrap: boolean): void;
  edit(text: string): void;
  closeEditor(): void;
}

export const useJsonPane = create<JsonPaneState>()((set) => ({
  tab: 'json',
  draft: null,
  wrapSnippets: true,
  setTab: (tab) => set({ tab, draft: null }),
  setWrapSnippets: (wrapSnippets) => set({ wrapSnippets }),
  edit: (text) => set({ tab: 'json', draft: text }),
  closeEditor: () => set({ draft: null }),
}));

/** Text that looks like a request (an object or a docs fragment such as `"operations": {…}`). */
export function looksLikeRequest(text: string): boolean {
  const t = text.trim();
  return (t.startsWith('{') && t.endsWith('}')) || /^"[\w-]+"\s*:/.test(t);
}
