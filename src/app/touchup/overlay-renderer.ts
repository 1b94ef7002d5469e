/**
 * Draws the mask over the photo on a canvas the size of the pane (screen pixels), not of the photo:
 * a red tint where the background is (written as pixels), or the photo's pixels where the subject is
 * (destination-in) over the page's checkerboard. A stroke redraws only the screen rectangle it touched;
 * a pan or zoom redraws the pane.
 *
 * Why screen space: without a GPU, Chromium hands a changed canvas's whole bitmap to the compositor
 * every frame, so a photo-sized canvas (12.8 MP, 51 MB) cost ~10 ms a frame however small the stroke
 * (touch-up bench: brush frame time p95 17.3 ms with a 12.8 MP canvas, 9.3 ms with a 3 MP one). Tiling
 * the photo-sized canvas instead leaves a visible seam where tiles meet at fractional zoom (two
 * half-covered semi-transparent edges composite to less than one). A pane-sized canvas costs the same
 * at any photo size, and shows the mask's own pixels at every zoom (nearest neighbour: one mask pixel
 * per screen pixel or a square of them, as the compare view shows pixels above 200 %).
 */
import type { MaskRaster, Rect } from './raster.ts';
import type { Overlay } from './touchup-store.ts';

/** Screen pixels per photo pixel and the photo's origin in the pane (CSS px), as in view-store. */
export interface OverlayView {
  scale: number;
  x: number;
  y: number;
  /** The pane's size (CSS px). */
  width: number;
  height: number;
}

/** The background tint, rgb(225, 29, 72) at 55 %, as little-endian RGBA words indexed by mask byte. */
const TINT_PIXELS = Uint32Array.from({ length: 256 }, (_, m) => {
  const alpha = Math.round(0.55 * (255 - m));
  return ((alpha << 24) | (72 << 16) | (29 << 8) | 225) >>> 0;
});

/** sample()'s value for a canvas pixel off the photo (a pixel on it is its mask byte + 1). */
const OUTSIDE = 0;

export class OverlayRenderer {
  private readonly context: CanvasRenderingContext2D;
  private overlay: Overlay = 'tint';
  private photo: CanvasImageSource | null = null;
  private view: OverlayView = { scale: 1, x: 0, y: 0, width: 0, height: 0 };
  /** Canvas pixels per CSS pixel. */
  private ratio = 1;
  private scratch: OffscreenCanvas | null = null;

  /** `maskOf` is read at every update: the session swaps its adjusted raster when adjustments start or stop. */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly maskOf: () => MaskRaster,
  ) {
    this.context = canvas.getContext('2d')!;
  }

  /** Follows the compare view's zoom and pan (and the pane's size); redraws everything. */
  setView(view: OverlayView, ratio = globalThis.devicePixelRatio || 1): void {
    this.view = view;
    this.ratio = ratio;
    const width = Math.max(1, Math.round(view.width * ratio));
    const height = Math.max(1, Math.round(view.height * ratio));
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    this.update();
  }

  /** Switches the look; `photo` is needed for the cut-out view. Redraws everything. */
  setOverlay(overlay: Overlay, photo: CanvasImageSource | null): void {
    this.overlay = overlay;
    this.photo = photo;
    this.update();
  }

  /** Redraws the screen area over `rect` (photo pixels), or everything. */
  update(rect: Rect | null = null): void {
    const area = this.toCanvas(rect);
    if (!area) return;
    const bytes = this.sample(area);
    if (this.overlay === 'cutout' && this.photo) return this.cutout(area, bytes);
    // The tint is written as pixels, with no canvas compositing; outside the photo stays clear.
    const image = new ImageData(area.width, area.height);
    const pixels = new Uint32Array(image.data.buffer);
    for (let i = 0; i < bytes.length; i++) pixels[i] = bytes[i] === OUTSIDE ? 0 : TINT_PIXELS[bytes[i]! - 1]!;
    this.context.putImageData(image, area.left, area.top);
  }

  /** Canvas-pixel rectangle covering a photo-pixel one (or the whole canvas), clipped; null when empty. */
  private toCanvas(rect: Rect | null): Rect | null {
    const { width, height } = this.canvas;
    if (!rect) return { left: 0, top: 0, width, height };
    const k = this.view.scale * this.ratio;
    const left = Math.max(0, Math.floor(this.view.x * this.ratio + rect.left * k) - 1);
    const top = Math.max(0, Math.floor(this.view.y * this.ratio + rect.top * k) - 1);
    const right = Math.min(width, Math.ceil(this.view.x * this.ratio + (rect.left + rect.width) * k) + 1);
    const bottom = Math.min(height, Math.ceil(this.view.y * this.ratio + (rect.top + rect.height) * k) + 1);
    return right > left && bottom > top ? { left, top, width: right - left, height: bottom - top } : null;
  }

  /**
   * The mask byte under each canvas pixel of `area` (nearest neighbour), plus one, row-major; OUTSIDE
   * where the pixel is off the photo.
   */
  private sample(area: Rect): Uint16Array {
    const mask = this.maskOf();
    const k = 1 / (this.view.scale * this.ratio);
    const column = (cx: number) => Math.floor((cx + 0.5 - this.view.x * this.ratio) * k);
    const row = (cy: number) => Math.floor((cy + 0.5 - this.view.y * this.ratio) * k);
    const columns = Int32Array.from({ length: area.width }, (_, i) => column(area.left + i));
    const out = new Uint16Array(area.width * area.height);
    for (let y = 0; y < area.height; y++) {
      const my = row(area.top + y);
      const o = y * area.width;
      if (my < 0 || my >= mask.height) continue; // OUTSIDE is 0
      const from = my * mask.width;
      for (let x = 0; x < area.width; x++) {
        const mx = columns[x]!;
        if (mx >= 0 && mx < mask.width) out[o + x] = mask.data[from + mx]! + 1;
      }
    }
    return out;
  }

  /** The photo's pixels where the subject is: the photo drawn, then kept where the mask says. */
  private cutout(area: Rect, bytes: Uint16Array): void {
    const { left, top, width, height } = area;
    if (!this.scratch || this.scratch.width < width || this.scratch.height < height)
      this.scratch = new OffscreenCanvas(
        Math.max(width, this.scratch?.width ?? 0),
        Math.max(height, this.scratch?.height ?? 0),
      );
    const alpha = new ImageData(width, height);
    for (let i = 0; i < bytes.length; i++) alpha.data[i * 4 + 3] = bytes[i] === OUTSIDE ? 0 : bytes[i]! - 1;
    this.scratch.getContext('2d')!.putImageData(alpha, 0, 0);
    const k = 1 / (this.view.scale * this.ratio);
    const c = this.context;
    c.save();
    c.beginPath();
    c.rect(left, top, width, height);
    c.clip(); // destination-in clears everything its source does not cover: keep it to this rectangle
    c.clearRect(left, top, width, height);
    c.imageSmoothingEnabled = this.view.scale < 2;
    c.drawImage(
      this.photo!,
      (left - this.view.x * this.ratio) * k,
      (top - this.view.y * this.ratio) * k,
      width * k,
      height * k,
      left,
      top,
      width,
      height,
    );
    c.globalCompositeOperation = 'destination-in';
    c.drawImage(this.scratch, 0, 0, width, height, left, top, width, height);
    c.restore();
  }
}
