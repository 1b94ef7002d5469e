import { useToasts } from './toast.ts';
import { CloseIcon } from './icons.tsx';
import './Toasts.css';

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toasts-item toasts-${toast.tone}`} data-testid="toast">
          <span>{toast.message}</span>
          <button
            type="button"
            className="toasts-close"
            aria-label="Dismiss"
            onClick={() => dismiss(toast.id)}
          >
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  );
}
