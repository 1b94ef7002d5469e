/** Brings the control for a JSON path into view and focuses it (a click in the JSON preview). */

function parentOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

/** In a radio group the checked radio is the one that takes focus, as the browser does with Tab. */
const FOCUS_ORDER = [
  'input[type=radio]:checked',
  'input:not([type=radio]), select, textarea',
  'input, button',
];

export function focusControl(path: string, root: ParentNode = document): boolean {
  for (let p = path; p !== ''; p = parentOf(p)) {
    const escaped = CSS.escape(p);
    const el = root.querySelector<HTMLElement>(`[data-path="${escaped}"], [data-field="${escaped}"]`);
    if (!el) continue;
    // Unfold an "Advanced" section that hides it.
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) d.open = true;
    const target = el.matches('input, select, textarea, button')
      ? el
      : FOCUS_ORDER.map((selector) => el.querySelector<HTMLElement>(selector)).find(Boolean);
    const field = el.closest<HTMLElement>('.field') ?? el;
    field.scrollIntoView({ block: 'center', behavior: 'smooth' });
    target?.focus({ preventScroll: true });
    field.classList.remove('field-flash');
    void field.offsetWidth; // restart the flash animation
    field.classList.add('field-flash');
    return true;
  }
  return false;
}
