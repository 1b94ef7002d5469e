import { focusControl } from '../json/focus-control.ts';

/**
 * "Show the option": a link-styled button beside a note that blames one option (what blocks Run, an
 * enlargement); it brings that option's control into view and focuses it (focusControl). `path` is the
 * request path, e.g. `operations.resizing.width`.
 */
export function ShowOptionLink({ path }: { path: string }) {
  return (
    <button type="button" className="link-button run-link" onClick={() => focusControl(path)}>
      Show the option
    </button>
  );
}
