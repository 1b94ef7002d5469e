/** Short-lived notices ("Link copied", "This share link is broken: …"), announced to screen readers. */
import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'success' | 'warning' | 'danger';
}

interface ToastState {
  toasts: Toast[];
  show(message: string, tone?: Toast['tone'], ms?: number): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  show(message, tone = 'info', ms = tone === 'danger' || tone === 'warning' ? 8000 : 2600) {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-2), { id, message, tone }] });
    setTimeout(() => get().dismiss(id), ms);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export const showToast = (message: string, tone?: Toast['tone'], ms?: number) =>
  useToasts.getState().show(message, tone, ms);
