/** The inspector's Finishing block: Backdrop's finishing applied after the executor, one line per setting. */
import type { JobView } from '../../recipe/index.ts';
import { describeFinish } from '../../recipe/finish.ts';
import { executorName } from '../run/labels.ts';

export default function InspectorFinishing({ job }: { job: JobView }) {
  const lines = describeFinish(job.finish);
  if (lines.length === 0) return null;
  return (
    <div className="insp-block">
      <h3 className="insp-subtitle">
        Finishing <span>Backdrop’s, after {executorName(job.executor)}</span>
      </h3>
      <ul className="insp-finishing" data-testid="inspector-finishing">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
