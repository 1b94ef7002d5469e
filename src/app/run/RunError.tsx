import type { ApiError } from '../../recipe/index.ts';
import { Button } from '../common/Button.tsx';
import { useSession } from '../state/session-store.ts';

/** Brings the panel control for a JSON path into view, if the editor shows one. */
export function focusControl(path: string): boolean {
  const el = document.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
  if (!el) return false;
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  const target = el.matches('input, select, textarea, button')
    ? el
    : el.querySelector<HTMLElement>('input, select, textarea, button');
  (target ?? el).focus({ preventScroll: true });
  return true;
}

/** The server's error as it said it, with where (path), who (executor) and the request id to quote. */
export function RunError({ error }: { error: ApiError }) {
  const dismiss = useSession((s) => s.setRunError);
  return (
    <div className="run-error" role="alert" data-testid="run-error">
      <p className="run-error-message">{error.message}</p>
      <dl className="run-error-facts">
        {error.path && (
          <>
            <dt>Field</dt>
            <dd>
              <button
                type="button"
                className="link-button run-error-path"
                onClick={() => focusControl(error.path!)}
              >
                {error.path}
              </button>
            </dd>
          </>
        )}
        {error.executor && (
          <>
            <dt>Executor</dt>
            <dd>{error.executor}</dd>
          </>
        )}
        {error.requestId && (
          <>
            <dt>Request id</dt>
            <dd>
              <code>{error.requestId}</code>
            </dd>
          </>
        )}
        <dt>Code</dt>
        <dd>
          <code>{error.code}</code>
        </dd>
      </dl>
      <Button size="sm" variant="ghost" onClick={() => dismiss(null)}>
        Dismiss
      </Button>
    </div>
  );
}
