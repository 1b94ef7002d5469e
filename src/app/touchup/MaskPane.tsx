/**
 * The touch-up's canvas: the photo, the mask overlay and the brush ring, in the compare view's zoom and
 * pan (view-store). Left drag paints or draws the box; Space + drag or the middle button pans; the wheel
 * zooms around the cursor. Painting writes the full-resolution mask directly (MaskSession) and redraws
 * only what changed, once per animation frame; React renders none of it.
 */
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { SubjectBox } from '../../recipe/index.ts';
import { usePaneSize, usePanZoom } from '../results/use-pan-zoom.ts';
import { useView } from '../results/view-store.ts';
import type { Point } from './brush.ts';
import type { MaskSession } from './mask-session.ts';
import { OverlayRenderer } from './overlay-renderer.ts';
import { unionRect, type Rect } from './raster.ts';
import { applyBox, sessionPhoto } from './touchup-controller.ts';
import { useTouchup } from './touchup-store.ts';

interface MaskPaneProps {
  photo: { width: number; height: number; subjectBox?: SubjectBox };
  photoUrl: string | null;
  session: MaskSession | null;
  spaceHeld: boolean;
}

/**
 * Keeps an OverlayRenderer on the canvas for the session: dirty rectangles and view changes (zoom, pan,
 * pane size) are redrawn once per animation frame.
 */
function useOverlay(
  canvas: HTMLCanvasElement | null,
  session: MaskSession | null,
  photo: HTMLImageElement | null,
) {
  const overlay = useTouchup((s) => s.overlay);
  const renderer = useRef<OverlayRenderer | null>(null);
  useEffect(() => {
    if (!canvas || !session) return;
    const r = new OverlayRenderer(canvas, () => session.adjusted);
    renderer.current = r;
    let pending: Rect | null = null;
    let everything = false;
    let viewChanged = true;
    let frame = 0;
    const flush = () => {
      frame = 0;
      if (viewChanged) {
        const { scale, x, y, pane } = useView.getState();
        r.setView({ scale, x, y, width: pane.width, height: pane.height });
      } else r.update(everything ? null : pending);
      pending = null;
      everything = false;
      viewChanged = false;
    };
    const unsubscribe = session.subscribe((dirty) => {
      if (dirty) pending = unionRect(pending, dirty);
      else everything = true;
      frame ||= requestAnimationFrame(flush);
    });
    const unsubscribeView = useView.subscribe((now, before) => {
      if (now.scale === before.scale && now.x === before.x && now.y === before.y && now.pane === before.pane)
        return;
      viewChanged = true;
      frame ||= requestAnimationFrame(flush);
    });
    flush();
    return () => {
      unsubscribe();
      unsubscribeView();
      cancelAnimationFrame(frame);
      renderer.current = null;
    };
  }, [canvas, session]);
  useEffect(() => {
    renderer.current?.setOverlay(overlay, overlay === 'cutout' ? photo : null);
  }, [overlay, photo, session, canvas]);
}

function toScene(pane: HTMLElement, e: { clientX: number; clientY: number }): Point {
  const rect = pane.getBoundingClientRect();
  const { x, y, scale } = useView.getState();
  return { x: (e.clientX - rect.left - x) / scale, y: (e.clientY - rect.top - y) / scale };
}

/** The drag rectangle in whole photo pixels, clamped to the photo. */
function boxFrom(a: Point, b: Point, width: number, height: number): SubjectBox {
  const left = Math.max(0, Math.round(Math.min(a.x, b.x)));
  const top = Math.max(0, Math.round(Math.min(a.y, b.y)));
  const right = Math.min(width, Math.round(Math.max(a.x, b.x)));
  const bottom = Math.min(height, Math.round(Math.max(a.y, b.y)));
  return { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

export function MaskPane({ photo, photoUrl, session, spaceHeld }: MaskPaneProps) {
  const pane = useRef<HTMLDivElement>(null);
  const ring = useRef<HTMLDivElement>(null);
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const [image, setImage] = useState<HTMLImageElement | null>(null);
  const [drag, setDrag] = useState<{ from: Point; to: Point } | null>(null);
  const stroking = useRef(false);
  const { scale, x, y } = useView();
  const tool = useTouchup((s) => s.tool);
  const size = useTouchup((s) => s.size);
  const overlay = useTouchup((s) => s.overlay);
  const boxing = useTouchup((s) => s.status.kind === 'boxing');
  // Strokes wait while a whole-mask grow/feather is computed, so none is lost when it lands.
  const applying = useTouchup((s) => s.status.kind === 'applying');
  const spaceRef = useRef(spaceHeld);
  useEffect(() => {
    spaceRef.current = spaceHeld;
  }, [spaceHeld]);

  usePanZoom(pane, undefined, {
    canPan: (e) => e.button === 1 || (e.button === 0 && spaceRef.current),
    doubleClick: false,
  });
  usePaneSize(pane);
  useEffect(() => useView.getState().setScene(photo.width, photo.height), [photo.width, photo.height]);
  useOverlay(canvas, session, image);

  const brushes = tool !== 'box' && session !== null;
  const moveRing = (e: { clientX: number; clientY: number } | null) => {
    const el = ring.current;
    if (!el || !pane.current) return;
    if (!e || !brushes || spaceRef.current) return void (el.style.display = 'none');
    const rect = pane.current.getBoundingClientRect();
    const d = size * useView.getState().scale;
    el.style.display = 'block';
    el.style.width = el.style.height = `${d}px`;
    el.style.transform = `translate(${e.clientX - rect.left - d / 2}px, ${e.clientY - rect.top - d / 2}px)`;
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || spaceRef.current || !pane.current || boxing || applying) return;
    const at = toScene(pane.current, e);
    e.currentTarget.setPointerCapture(e.pointerId);
    if (tool === 'box') return setDrag({ from: at, to: at });
    if (!session) return;
    const { hardness, edgeAware } = useTouchup.getState();
    stroking.current = true;
    session.beginStroke(at, { mode: tool, radius: size / 2, hardness }, edgeAware);
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    moveRing(e);
    if (!pane.current) return;
    if (drag) return setDrag({ ...drag, to: toScene(pane.current, e) });
    if (!stroking.current || !session) return;
    // Every sample since the last event, not just the last one, so fast strokes stay smooth.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [e.nativeEvent];
    session.extendStroke(events.map((event) => toScene(pane.current!, event)));
  };
  const onPointerUp = async (e: ReactPointerEvent<HTMLDivElement>) => {
    if (drag) {
      const box = boxFrom(drag.from, toScene(pane.current!, e), photo.width, photo.height);
      setDrag(null);
      if (box.width >= 8 && box.height >= 8) await applyBox(box);
      return;
    }
    if (!stroking.current || !session) return;
    stroking.current = false;
    const snap = useTouchup.getState().edgeAware;
    session.endStroke(snap ? await sessionPhoto() : null);
  };

  const shownBox = drag
    ? boxFrom(drag.from, drag.to, photo.width, photo.height)
    : boxing
      ? null
      : !session
        ? (photo.subjectBox ?? null)
        : null;
  const sceneStyle = {
    width: photo.width,
    height: photo.height,
    transform: `translate(${x}px, ${y}px) scale(${scale})`,
  };
  const cursor = spaceHeld ? 'grab' : tool === 'box' ? 'crosshair' : session ? 'none' : 'default';
  return (
    <div
      className="tu-pane"
      ref={pane}
      style={{ cursor }}
      data-testid="touchup-pane"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={(e) => void onPointerUp(e)}
      onPointerCancel={() => {
        stroking.current = false;
        setDrag(null);
        session?.endStroke(null);
      }}
      onPointerLeave={() => moveRing(null)}
    >
      <div
        className={`tu-scene${overlay === 'cutout' && session ? ' tu-checker' : ''}${scale >= 2 ? ' cmp-pixelated' : ''}`}
        data-testid="touchup-scene"
        style={{ ...sceneStyle, backgroundSize: `${16 / scale}px ${16 / scale}px` }}
      >
        {photoUrl && (
          <img
            ref={setImage}
            src={photoUrl}
            alt="Photo being touched up"
            draggable={false}
            style={{ visibility: overlay === 'cutout' && session ? 'hidden' : 'visible' }}
          />
        )}
      </div>
      {/* In screen space, over the photo: see overlay-renderer.ts for why it is not in the scene. */}
      {session && (
        <canvas ref={setCanvas} className="tu-canvas" data-testid="touchup-canvas" aria-hidden="true" />
      )}
      {shownBox && (
        <div className="tu-scene tu-scene-top" style={sceneStyle}>
          <div
            className="tu-box"
            data-testid="touchup-box"
            style={{
              left: shownBox.x,
              top: shownBox.y,
              width: shownBox.width,
              height: shownBox.height,
              borderWidth: 2 / scale,
            }}
          />
        </div>
      )}
      <div className="tu-ring" ref={ring} aria-hidden="true" />
      {boxing && (
        <div className="tu-busy" role="status">
          Segmenting inside the box…
        </div>
      )}
    </div>
  );
}
