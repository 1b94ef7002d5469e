/**
 * Draws the mask over the photo on a canvas, updating only the rectangle a stroke touched: the mask's
 * bytes go into an alpha-only canvas (putImageData of that rectangle), then the visible canvas composites
 * that rectangle — red where the background is (destination-out), or the photo's pixels where the
 * subject is (destination-in) over the page's checkerboard. Both are a few small GPU blits per frame,
 * whatever the photo's size. Photos above MAX_DISPLAY_PIXELS are shown at a lower canvas resolution (the
 * mask itself stays full size).
 */
import type { MaskRaster, Rect } from './raster.ts';
import type { Overlay } from './touchup-store.ts';

/** Canvases up to this size keep one canvas pixel per photo pixel (16 MP: 64 MB of GPU memory each). */
const MAX_DISPLAY_PIXELS = 16_000_000;
const TINT = 'rgba(225, 29, 72, 0.55)';

export class OverlayRenderer {
  readonly scale: number;
  private readonly width: number;
  private readonly height: number;
  private readonly alpha: OffscreenCanvas;
  private readonly alphaContext: OffscreenCanvasRenderingContext2D;
  private readonly context: CanvasRenderingContext2D;
  private overlay: Overlay = 'tint';
  private photo: CanvasImageSource | null = null;

  /** `mask` is read at every update: the session swaps its adjusted raster when adjustments start or stop. */
  constructor(
    canvas: HTMLCanvasElement,
    private readonly maskOf: () => MaskRaster,
  ) {
    const mask = maskOf();
    this.scale = Math.min(1, Math.sqrt(MAX_DISPLAY_PIXELS / (mask.width * mask.height)));
    this.width = Math.max(1, Math.round(mask.width * this.scale));
    this.height = Math.max(1, Math.round(mask.height * this.scale));
    canvas.width = this.width;
    canvas.height = this.height;
    this.alpha = new OffscreenCanvas(this.width, this.height);
    this.alphaContext = this.alpha.getContext('2d')!;
    this.context = canvas.getContext('2d')!;
  }

  /** Switches the look; `photo` is needed for the cut-out view. Redraws everything. */
  setOverlay(overlay: Overlay, photo: CanvasImageSource | null): void {
    this.overlay = overlay;
    this.photo = photo;
    this.compose({ left: 0, top: 0, width: this.width, height: this.height });
  }

  /** Redraws `rect` (photo pixels) from the mask, or everything. */
  update(rect: Rect | null = null): void {
    const area = rect ? this.toDisplay(rect) : { left: 0, top: 0, width: this.width, height: this.height };
    if (!area) return;
    this.alphaContext.putImageData(this.alphaOf(area), area.left, area.top);
    this.compose(area);
  }

  /** Display-pixel rectangle covering a photo-pixel one, clipped; null when empty. */
  private toDisplay(rect: Rect): Rect | null {
    const s = this.scale;
    const left = Math.max(0, Math.floor(rect.left * s));
    const top = Math.max(0, Math.floor(rect.top * s));
    const right = Math.min(this.width, Math.ceil((rect.left + rect.width) * s));
    const bottom = Math.min(this.height, Math.ceil((rect.top + rect.height) * s));
    return right > left && bottom > top ? { left, top, width: right - left, height: bottom - top } : null;
  }

  private alphaOf(area: Rect): ImageData {
    const mask = this.maskOf();
    const { data, width } = mask;
    const image = new ImageData(area.width, area.height);
    const out = image.data;
    const inv = 1 / this.scale;
    for (let y = 0; y < area.height; y++) {
      const row = Math.min(mask.height - 1, Math.floor((area.top + y + 0.5) * inv)) * width;
      let o = y * area.width * 4 + 3;
      if (this.scale === 1) {
        const from = row + area.left;
        for (let x = 0; x < area.width; x++, o += 4) out[o] = data[from + x]!;
      } else {
        for (let x = 0; x < area.width; x++, o += 4) {
          out[o] = data[row + Math.min(width - 1, Math.floor((area.left + x + 0.5) * inv))]!;
        }
      }
    }
    return image;
  }

  private compose(area: Rect): void {
    const c = this.context;
    const { left, top, width, height } = area;
    c.save();
    // destination-in clears everything its source does not cover: keep it to this rectangle.
    c.beginPath();
    c.rect(left, top, width, height);
    c.clip();
    c.clearRect(left, top, width, height);
    if (this.overlay === 'cutout' && this.photo) {
      const inv = 1 / this.scale;
      c.drawImage(this.photo, left * inv, top * inv, width * inv, height * inv, left, top, width, height);
      c.globalCompositeOperation = 'destination-in';
    } else {
      c.fillStyle = TINT;
      c.fillRect(left, top, width, height);
      c.globalCompositeOperation = 'destination-out';
    }
    c.drawImage(this.alpha, left, top, width, height, left, top, width, height);
    c.restore();
  }
}
