/** One interface for every place a request can run: the local engine, and each provider (providers.ts). */
import type {
  Dialect,
  ExecutorId,
  ExecutorInfo,
  Finish,
  JobView,
  JobWarning,
  JsonObject,
  Preset,
  SubjectBox,
} from '../../recipe/index.ts';
import type { Config } from '../config.ts';
import type { AcceptedTypes } from './input-types.ts';

/** A result in memory (`data`) or already streamed to a file in the store's temp folder (`path`). */
export interface ExecutorResult {
  data?: Buffer;
  path?: string;
  bytes: number;
  mime: string;
  /** File extension / format name, e.g. `png`. */
  format: string;
  width: number;
  height: number;
  /** The local engine's subject mask framed like the result (one byte per pixel), for the compliance check. */
  subjectMask?: { data: Buffer; width: number; height: number };
}

export interface ProviderInfo {
  providerRequestId?: string;
  /** The local engine's model and precision (local executor only). */
  model?: JobView['model'];
  rateLimit?: JobView['rateLimit'];
  credits?: JobView['credits'];
}

/** The stored input file. Remote executors stream it from disk; the local engine reads it whole. */
export interface JobInput {
  path: string;
  bytes: number;
  mime: string;
  name: string;
}

export interface JobContext {
  id: string;
  dialect: Dialect;
  request: JsonObject;
  /** The uploaded input; absent when the user gave `imageUrl` instead. */
  input?: JobInput;
  imageUrl?: string;
  /** The marketplace preset the job runs for: the local engine meets the rules a request cannot carry. */
  preset?: Preset;
  /** An uploaded file for the `replace` background, instead of fetching its URL. */
  backgroundImage?: Buffer;
  /** The image types this job's executor takes, for the images it fetches itself. */
  accept?: AcceptedTypes;
  /** The subject mask to use (PNG at the photo's size): supplied with the job, or touched up since. */
  mask?: { path: string };
  /** Local executor: segment again inside this box (photo pixels). */
  subjectBox?: SubjectBox;
  /** A re-render after a touch-up: the local engine skips its quick preview; providers are not called. */
  touchUp?: boolean;
  /** Backdrop's finishing: the local engine draws it while framing; other executors ignore it. */
  finish?: Finish;
  signal: AbortSignal;
  /** A fresh file path in the store's temp folder, for streaming a download to disk. */
  tempPath(): string;
  progress(stage: string, progress: number): void;
  warn(warning: JobWarning): void;
  provider(info: ProviderInfo): void;
  /** Stores a photo fetched from imageUrl as the job's input (the local engine's own copy, or the "before" copy of a provider job). */
  keepInput?(
    data: Buffer,
    info: { mime: string; width: number; height: number; format: string },
  ): Promise<void>;
  /** Stores a quick low-resolution result the browser can show before the full one. */
  preview(result: ExecutorResult): Promise<void>;
  /**
   * Whether a quick preview is worth making first: yes for a photo someone is watching in the editor;
   * no for batch items, where it would only cost time (a third of a local 1024 px job).
   */
  wantsPreview: boolean;
  /**
   * True for a photo someone is watching and tuning (a single job from the editor or the API): worth
   * caching its decoded pixels and mask for re-renders. False for batch items, rendered once: the caches
   * would only fill up with them.
   */
  interactive: boolean;
}

export interface Executor {
  id: ExecutorId;
  label: string;
  dialects: Dialect[];
  /** MIME types it takes as input (local: proved by decoding at start; providers: their documentation). */
  inputTypes: readonly string[];
  /** Completes "HEIC, which …" for a type it does not take, e.g. "the local engine cannot decode on this server". */
  cannotTake(typeLabel: string): string;
  /** Null when usable, else why not (never mentions a key's value). */
  unavailableReason(config: Config): string | null;
  concurrency(config: Config): number;
  /** What model runs the jobs (the local engine only). */
  model?(): ExecutorInfo['model'];
  run(ctx: JobContext): Promise<ExecutorResult>;
}
