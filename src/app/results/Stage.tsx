/** The centre: empty state with the ways in, then the photo, then before/after. */
export function Stage() {
  return (
    <section className="stage" aria-label="Photo">
      <p>Drop a product photo anywhere, paste one, or pick a file.</p>
    </section>
  );
}
