/**
 * Wraps the whole app. A file dropped anywhere becomes the photo (with a full-window overlay while
 * dragging); Ctrl/Cmd+V pastes an image when the clipboard holds image files, and leaves text pastes
 * (the JSON editor's) alone. It also starts the run session: restoring photos, results and a running
 * job from IndexedDB, and following that job, because this is the one component always mounted.
 */
import { useEffect, type ReactNode } from 'react';
import { useDropzone } from 'react-dropzone';
import { useUploadLimits } from '../api/hooks.ts';
import { showToast } from '../common/toast.ts';
import { startSessionSync } from '../persist/session-sync.ts';
import { useJobWatcher } from '../run/use-job-watcher.ts';
import { isTyping } from '../results/use-view-shortcuts.ts';
import { loadPhotoFile } from './load-photo.ts';
import { isBatchOffer, offerToBatch, restoreSavedBatch } from '../batch/shell.ts';
import './DropAnywhere.css';

let syncStarted = false;

function RunSession() {
  useEffect(() => {
    if (syncStarted) return;
    syncStarted = true;
    void startSessionSync((message) => showToast(message, 'warning'));
    void restoreSavedBatch((message) => showToast(message, 'warning'));
  }, []);
  useJobWatcher();
  return null;
}

function usePasteImage(): void {
  const limits = useUploadLimits();
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const data = e.clipboardData;
      if (!data) return;
      const images = Array.from(data.files).filter((f) => f.type.startsWith('image/'));
      if (images.length === 0) return;
      // A text field gets the text when the clipboard has both (e.g. copied from a web page).
      if (isTyping(e.target) && data.types.includes('text/plain')) return;
      e.preventDefault();
      // Several images pasted at once (copied from a file manager) make or grow a batch.
      if (isBatchOffer(images)) void offerToBatch(images);
      else void loadPhotoFile(images[0]!, 'paste', limits);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [limits]);
}

export function DropAnywhere({ children }: { children: ReactNode }) {
  const limits = useUploadLimits();
  usePasteImage();
  const { getRootProps, isDragActive } = useDropzone({
    noClick: true,
    noKeyboard: true,
    multiple: true,
    // Everything is accepted here and checked by loadPhotoFile (or per batch item), so a refusal can
    // say exactly why. Several files, a folder or a ZIP make or grow a batch.
    onDrop: (accepted, rejected) => {
      const files = [...accepted, ...rejected.map((r) => r.file)];
      if (isBatchOffer(files)) void offerToBatch(files);
      else if (files[0]) void loadPhotoFile(files[0], 'drop', limits);
    },
  });
  return (
    <div {...getRootProps({ className: 'drop-anywhere' })} data-testid="drop-anywhere">
      <RunSession />
      {children}
      {isDragActive && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-card">
            <strong>Drop to use this photo</strong>
            <span>
              Several photos, a folder or a ZIP make a batch. Your request settings stay as they are.
            </span>
          </div>
        </div>
      )}
    </div>
  );
}
