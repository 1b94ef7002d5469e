/** Details of the selected result. */
export function Inspector() {
  return <section className="inspector" aria-label="Result details" />;
}
