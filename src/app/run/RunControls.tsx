/** Executor picker, Run, progress and Cancel. */
export function RunControls() {
  return (
    <section className="run-controls" aria-label="Run">
      <button type="button" disabled>
        Run
      </button>
    </section>
  );
}
