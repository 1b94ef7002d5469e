/**
 * A photo given by URL, before any run: the browser tries to show it straight from its address (the
 * server fetches its own copy when the job runs). Where the browser cannot load it (the site refuses
 * other pages, the address is not an image, the network is private), the stage says so and that the
 * run can still work.
 */
import { useEffect, useState } from 'react';
import { useSession, type Photo } from '../state/session-store.ts';
import { Compare } from './Compare.tsx';
import { PhotoToolbar } from './StageToolbar.tsx';
import { useView } from './view-store.ts';

type Probe =
  { url: string; state: 'loading' | 'failed' } | { url: string; state: 'ok'; w: number; h: number };

/** Loads `url` as an image once, off-screen, to learn whether (and at what size) the browser can show it. */
function useImageProbe(url: string): Probe {
  const [probe, setProbe] = useState<Probe>({ url, state: 'loading' });
  useEffect(() => {
    let live = true;
    const img = new Image();
    img.referrerPolicy = 'no-referrer';
    img.onload = () => live && setProbe({ url, state: 'ok', w: img.naturalWidth, h: img.naturalHeight });
    img.onerror = () => live && setProbe({ url, state: 'failed' });
    img.src = url;
    return () => {
      live = false;
      img.src = '';
    };
  }, [url]);
  return probe.url === url ? probe : { url, state: 'loading' };
}

export function UrlPhoto({ photo }: { photo: Photo }) {
  const url = photo.imageUrl ?? '';
  const probe = useImageProbe(url);
  const backdrop = useSession((s) => s.backdrop);
  const ok = probe.state === 'ok';
  useEffect(() => {
    if (ok) useView.getState().setScene(probe.w, probe.h);
  }, [ok, probe]);
  if (!ok) {
    return (
      <div className="stage-url" data-testid="url-photo" data-preview={probe.state}>
        <p>
          {probe.state === 'loading'
            ? 'Loading a preview of the photo at that address…'
            : 'This browser cannot show a preview of that address (the site may not allow it, or it is not an image the browser reads).'}{' '}
          The server fetches <code>{url}</code> itself when you run; the photo appears here with the result.
        </p>
      </div>
    );
  }
  return (
    <>
      <PhotoToolbar />
      <p className="note-bar" role="note" data-testid="url-photo" data-preview="ok">
        A preview loaded by your browser from the address; the server fetches its own copy when you run.
      </p>
      <Compare
        mode="single"
        backdrop={backdrop}
        before={{ url, label: 'Photo', detail: `${probe.w} × ${probe.h}` }}
        after={{ url, label: 'Photo' }}
      />
    </>
  );
}
