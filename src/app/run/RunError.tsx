import type { ApiError } from '../../recipe/index.ts';
import { Button } from '../common/Button.tsx';
import { useSession } from '../state/session-store.ts';
import { errorWords } from './error-words.ts';
import { focusControl } from '../json/focus-control.ts';

/**
 * The server's error in a designer's words (error-words.ts) with what to do, and a details line that
 * keeps what support needs: the code, the server's own message, the field, the executor, the request id.
 */
export function RunError({ error }: { error: ApiError }) {
  const dismiss = useSession((s) => s.setRunError);
  const words = errorWords(error);
  return (
    <div className="run-error" role="alert" data-testid="run-error">
      <p className="run-error-message">{words.title}</p>
      {words.hint && <p className="run-error-hint">{words.hint}</p>}
      <details className="run-error-details">
        <summary>
          Details · <code>{error.code}</code>
        </summary>
        {words.title !== error.message && <p className="run-error-said">{error.message}</p>}
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
        </dl>
      </details>
      <Button size="sm" variant="ghost" onClick={() => dismiss(null)}>
        Dismiss
      </Button>
    </div>
  );
}
