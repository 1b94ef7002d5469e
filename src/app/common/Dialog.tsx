import { useEffect, useRef, type ReactNode } from 'react';
import { CloseIcon } from './icons.tsx';
import './Dialog.css';

interface DialogProps {
  open: boolean;
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  wide?: boolean;
}

/** A modal on the native <dialog>: focus trap, Esc and the top layer come from the browser. */
export function Dialog({ open, title, onClose, children, footer, testId, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal?.();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-label={title}
      data-testid={testId}
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === e.currentTarget) onClose();
      }}
    >
      {open ? (
        <div className="dialog-body">
          <header className="dialog-header">
            <h2>{title}</h2>
            <button type="button" className="dialog-close" aria-label="Close" onClick={onClose}>
              <CloseIcon />
            </button>
          </header>
          {/* Focusable so a keyboard can scroll content taller than the dialog (axe: scrollable-region-focusable). */}
          <div className="dialog-content" tabIndex={0}>
            {children}
          </div>
          {footer ? <footer className="dialog-footer">{footer}</footer> : null}
        </div>
      ) : null}
    </dialog>
  );
}
