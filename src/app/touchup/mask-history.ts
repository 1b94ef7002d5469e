/**
 * The raster side of undo/redo for the edited mask. The editor's history (state/editor-store) holds small
 * marks — photo id, version, adjustments — and restores them on undo/redo; this holds what a version is:
 * the chain of patches (the rectangle an edit changed, its bytes before and after), so moving between
 * versions rewrites only those rectangles. A new edit after an undo drops the versions ahead of it (the
 * editor drops its redo steps the same way); over the byte budget the oldest versions go first.
 */
import { readRect, unionRect, writeRect, type MaskRaster, type Rect } from './raster.ts';

interface Patch {
  rect: Rect;
  before: Uint8Array;
  after: Uint8Array;
}

interface Version {
  id: number;
  /** From the previous version to this one; null for the oldest kept version. */
  patch: Patch | null;
}

let nextId = 1;

export class MaskHistory {
  private versions: Version[];
  private at = 0;
  private bytes = 0;

  constructor(
    readonly raster: MaskRaster,
    private readonly budgetBytes = 256 * 1024 * 1024,
  ) {
    this.versions = [{ id: nextId++, patch: null }];
  }

  get current(): number {
    return this.versions[this.at]!.id;
  }

  has(id: number): boolean {
    return this.versions.some((v) => v.id === id);
  }

  /**
   * Records an edit already made to the raster: `before` holds the bytes `rect` had before it. Returns the
   * new version's id.
   */
  commit(rect: Rect, before: Uint8Array): number {
    for (const dropped of this.versions.splice(this.at + 1)) this.bytes -= patchBytes(dropped.patch);
    const patch = { rect, before, after: readRect(this.raster, rect) };
    this.versions.push({ id: nextId++, patch });
    this.at = this.versions.length - 1;
    this.bytes += patchBytes(patch);
    while (this.bytes > this.budgetBytes && this.at > 0) {
      this.versions.shift();
      this.at--;
      this.bytes -= patchBytes(this.versions[0]!.patch);
      this.versions[0]!.patch = null; // its predecessor is gone
    }
    return this.current;
  }

  /**
   * Rewrites the raster to version `id`. Returns the rectangle that changed (null when nothing did), or
   * undefined when the version is no longer kept (too old, or dropped by a later edit).
   */
  checkout(id: number): Rect | null | undefined {
    const target = this.versions.findIndex((v) => v.id === id);
    if (target < 0) return undefined;
    let dirty: Rect | null = null;
    while (this.at > target) {
      const { patch } = this.versions[this.at]!;
      writeRect(this.raster, patch!.rect, patch!.before);
      dirty = unionRect(dirty, patch!.rect);
      this.at--;
    }
    while (this.at < target) {
      this.at++;
      const { patch } = this.versions[this.at]!;
      writeRect(this.raster, patch!.rect, patch!.after);
      dirty = unionRect(dirty, patch!.rect);
    }
    return dirty;
  }
}

const patchBytes = (patch: Patch | null) => (patch ? patch.before.length + patch.after.length : 0);
