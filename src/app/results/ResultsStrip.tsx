/** The last results as thumbnails. */
export function ResultsStrip() {
  return <section className="results-strip" aria-label="Results" />;
}
