/**
 * The stage before there is a photo: every way in at once (drop, paste, pick, URL, samples), the
 * limits the server enforces, and the reason when the last offer was refused.
 */
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../common/Button.tsx';
import { useUploadLimits } from '../api/hooks.ts';
import { formatBytes } from '../input/check-photo.ts';
import { typeLabel } from '../input/image-header.ts';
import { loadPhotoFile, loadPhotoUrl } from '../input/load-photo.ts';
import { sampleFile, useSamples, type Sample } from '../input/samples.ts';
import { useSession } from '../state/session-store.ts';
import { PhotoRefusal } from './PhotoRefusal.tsx';
import { PickFileButton } from './PickFileButton.tsx';
import { MOD } from '../shortcuts/shortcuts.ts';
import { AddPhotos } from '../batch/AddPhotos.tsx';
import './EmptyState.css';

function Samples() {
  const { data: samples = [] } = useSamples();
  const limits = useUploadLimits();
  const [loading, setLoading] = useState<string | null>(null);
  if (samples.length === 0) return null;
  const pick = async (sample: Sample) => {
    setLoading(sample.url);
    try {
      await loadPhotoFile(await sampleFile(sample), 'sample', limits);
    } catch (error) {
      useSession.getState().setPhotoError((error as Error).message);
    } finally {
      setLoading(null);
    }
  };
  return (
    <section className="empty-samples" aria-label="Sample photos">
      <h3 className="empty-subtitle">Or try a sample</h3>
      <ul className="empty-sample-grid">
        {samples.map((s) => (
          <li key={s.url}>
            <button
              type="button"
              className="empty-sample"
              onClick={() => void pick(s)}
              disabled={loading !== null}
              aria-busy={loading === s.url}
              title={s.description ?? s.name}
              data-testid="sample-tile"
            >
              <img src={s.thumbUrl} alt="" loading="lazy" />
              <span>{s.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function UrlForm() {
  const [url, setUrl] = useState('');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (url.trim()) loadPhotoUrl(url);
  };
  return (
    <form className="empty-url" onSubmit={submit}>
      <label htmlFor={id} className="empty-url-label">
        Image URL
      </label>
      <div className="empty-url-row">
        <input
          id={id}
          type="url"
          inputMode="url"
          placeholder="https://example.com/bottle.jpg"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          aria-describedby={`${id}-hint`}
        />
        <Button type="submit" disabled={!url.trim()}>
          Use URL
        </Button>
      </div>
      <p id={`${id}-hint`} className="empty-hint">
        Fetched when you run: by Backdrop for the local engine, by Claid or Deep-Image for theirs.
      </p>
    </form>
  );
}

export function EmptyState() {
  const limits = useUploadLimits();
  const types = limits.types.map(typeLabel).join(', ');
  return (
    <div className="empty" data-testid="empty-state">
      <div className="empty-card">
        <div className="empty-drop">
          <svg
            className="empty-icon"
            width="40"
            height="40"
            viewBox="0 0 40 40"
            aria-hidden="true"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
          >
            <rect x="5" y="8" width="30" height="24" rx="4" />
            <circle cx="14" cy="16" r="3" />
            <path d="m6 29 9-8 6 5 5-4 9 7" strokeLinejoin="round" />
          </svg>
          <h2 className="empty-title">Drop a product photo anywhere</h2>
          <p className="empty-lead">
            or paste one with <kbd>{MOD}</kbd>+<kbd>V</kbd>
          </p>
          <PickFileButton variant="primary" label="Choose a file…" />
          <p className="empty-hint">
            {types} · up to {formatBytes(limits.maxBytes)} and {limits.maxMegapixels} MP
          </p>
          <div className="empty-batch">
            <span>A whole catalogue? Drop several photos, a folder or a ZIP, or</span>
            <AddPhotos label="Choose photos…" variant="ghost" />
          </div>
        </div>
        <PhotoRefusal />
        <UrlForm />
        <Samples />
      </div>
    </div>
  );
}
