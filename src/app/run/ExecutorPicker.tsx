/**
 * "Run on": the executors the server offers, why one is unavailable, and a note when the server
 * cannot be asked. Shared by the single-photo Run box and the batch's.
 */
import { dialectIds, type ExecutorInfo } from '../../recipe/index.ts';
import { FALLBACK_LIMITS, useExecutors } from '../api/hooks.ts';
import { useSession } from '../state/session-store.ts';
import { executorShort } from './labels.ts';

const FALLBACK_EXECUTORS: ExecutorInfo[] = [
  {
    id: 'local',
    label: 'Local engine',
    available: true,
    dialects: dialectIds(),
    concurrency: 1,
    inputTypes: FALLBACK_LIMITS.types,
  },
];

/** The executors the server lists, or the local engine alone while it cannot be asked. */
export function useExecutorList(): ExecutorInfo[] {
  return useExecutors().data?.executors ?? FALLBACK_EXECUTORS;
}

/** `locked`: the choice is held by work in progress (a running job or batch). */
export function ExecutorPicker({ locked }: { locked: boolean }) {
  const executor = useSession((s) => s.executor);
  const setExecutor = useSession((s) => s.setExecutor);
  const executorsQuery = useExecutors();
  const executors = executorsQuery.data?.executors ?? FALLBACK_EXECUTORS;
  const unavailable = executors.filter((e) => !e.available);
  return (
    <fieldset className="run-executors">
      <legend className="run-legend">Run on</legend>
      <div className="run-exec-row">
        {executors.map((e) => (
          <label
            key={e.id}
            className={`run-exec${e.available ? '' : ' run-exec-unavailable'}`}
            title={e.available ? undefined : e.reason}
          >
            <input
              type="radio"
              name="executor"
              value={e.id}
              checked={executor === e.id}
              disabled={!e.available || locked}
              onChange={() => setExecutor(e.id)}
              aria-describedby={e.available ? undefined : `run-reason-${e.id}`}
            />
            <span>{executorShort(e.id)}</span>
          </label>
        ))}
      </div>
      {unavailable.length > 0 && (
        <ul className="run-reasons">
          {unavailable.map((e) => (
            <li key={e.id} id={`run-reason-${e.id}`}>
              <strong>{e.label}:</strong> {e.reason ?? 'not available on this server.'}
            </li>
          ))}
        </ul>
      )}
      {executorsQuery.isError && (
        <p className="run-note run-note-warn" role="status">
          Cannot ask the server which executors it has; showing the local engine only.
        </p>
      )}
    </fieldset>
  );
}
