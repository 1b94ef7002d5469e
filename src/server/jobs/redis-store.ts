/**
 * ResultStore on Redis (REDIS_URL set): every job and batch record is a Redis hash `{ v, d }` — a
 * version and the record's JSON — so any process (API or worker, on any machine) reads and changes the
 * same jobs. A change is a compare-and-set on the version (a Lua script), retried on conflict, so a
 * cancel from the API and a progress tick from a worker never overwrite each other. Each change is
 * published on one channel; every process's `changed()` long-polls listen to it. Files (inputs,
 * results, masks, previews) live in a BlobFolder on BACKDROP_DATA_DIR, which every node mounts.
 */
import { hostname } from 'node:os';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { BlobFolder, ID_PATTERN } from './blob-folder.ts';
import { guarded, requestConnection, subscriberConnection } from './redis-connection.ts';
import { planSweep } from './sweep-plan.ts';
import type { BatchRecord, BlobKind, BlobSource, JobRecord, ResultStore, StoredBlob } from './types.ts';
import { Watchers } from './watchers.ts';

export const KEY_PREFIX = 'backdrop';
const CHANGED = `${KEY_PREFIX}:changed`;
const ACTIVE = new Set(['queued', 'running']);
/** One sweep per this many ms across all nodes (a Redis lock), since it reads every record. */
const SWEEP_EVERY_MS = 30_000;
const MAX_CONFLICTS = 100;

/**
 * KEYS[1]: the record. ARGV[1]: the version read ('' when absent); ARGV[2]: the new JSON ('' deletes);
 * ARGV[3]: the channel; ARGV[4..]: ids to publish. Returns 1 when written, 0 when the version moved.
 */
const COMPARE_AND_SET = `
local v = redis.call('HGET', KEYS[1], 'v')
if (v or '') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1])
else redis.call('HSET', KEYS[1], 'v', tostring((tonumber(v) or 0) + 1), 'd', ARGV[2]) end
for i = 4, #ARGV do redis.call('PUBLISH', ARGV[3], ARGV[i]) end
return 1`;

/**
 * A new record and its entry in the index, in one round trip. KEYS[1]: the record; KEYS[2]: the index
 * (a sorted set by creation time). ARGV[1]: the JSON; ARGV[2]: its score (ms); ARGV[3]: its id;
 * ARGV[4]: the channel; ARGV[5..]: ids to publish. Returns 1 when written, 0 when the record exists.
 */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', '1', 'd', ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
for i = 5, #ARGV do redis.call('PUBLISH', ARGV[4], ARGV[i]) end
return 1`;

type CasRedis = Redis & {
  backdropCas(key: string, version: string, json: string, channel: string, ...ids: string[]): Promise<number>;
  backdropCreate(
    key: string,
    index: string,
    json: string,
    score: number,
    id: string,
    channel: string,
    ...ids: string[]
  ): Promise<number>;
};

const jobKey = (id: string) => `${KEY_PREFIX}:job:${id}`;
const batchKey = (id: string) => `${KEY_PREFIX}:batch:${id}`;
const JOBS = `${KEY_PREFIX}:jobs`;
const BATCHES = `${KEY_PREFIX}:batches`;

/** Ids whose watchers a change of this record wakes: the job and its batch, or the batch. */
function watchersOf(record: JobRecord | BatchRecord): string[] {
  if ('view' in record) return record.view.batch ? [record.view.id, record.view.batch.id] : [record.view.id];
  return [record.id];
}

export class RedisResultStore implements ResultStore {
  private readonly watchers = new Watchers();
  private readonly files: BlobFolder;
  private readonly temp: string;

  private constructor(
    private readonly url: string,
    private readonly redis: CasRedis,
    private readonly subscriber: Redis,
    dataDir: string,
    private readonly limits: { maxBytes: number; ttlSeconds: number },
  ) {
    this.files = new BlobFolder(join(dataDir, 'jobs'));
    // Per process: the shared folder's tmp is not wiped at start, another node may be writing there.
    this.temp = join(dataDir, 'jobs', 'tmp', `${hostname()}-${process.pid}`);
  }

  /** Connects (waits until Redis answers) and subscribes to changes. */
  static async open(
    url: string,
    dataDir: string,
    limits: { maxBytes: number; ttlSeconds: number },
  ): Promise<RedisResultStore> {
    const redis = requestConnection(url, 'backdrop-store') as CasRedis;
    redis.defineCommand('backdropCas', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    redis.defineCommand('backdropCreate', { numberOfKeys: 2, lua: CREATE });
    const subscriber = subscriberConnection(url, 'backdrop-changes');
    // Errors are reconnects in progress; requests see them as 503 (redis-connection.ts).
    redis.on('error', () => {});
    subscriber.on('error', () => {});
    const store = new RedisResultStore(url, redis, subscriber, dataDir, limits);
    subscriber.on('message', (_channel: string, id: string) => store.watchers.wake(id));
    await subscriber.subscribe(CHANGED);
    if (redis.status !== 'ready') await new Promise((ready) => redis.once('ready', ready));
    await mkdir(store.temp, { recursive: true });
    return store;
  }

  private run<T>(op: () => Promise<T>): Promise<T> {
    return guarded(this.redis, this.url, op);
  }

  /** Whether Redis answers requests right now (ioredis reconnects by itself when it does not). */
  connected(): boolean {
    return this.redis.status === 'ready';
  }

  tempDir(): string {
    return this.temp;
  }

  private async read<T>(key: string): Promise<{ version: string; record: T } | undefined> {
    const [version, json] = await this.redis.hmget(key, 'v', 'd');
    return json ? { version: version ?? '', record: JSON.parse(json) as T } : undefined;
  }

  /** Read, mutate, compare-and-set; again from a fresh read when another process wrote in between. */
  private async change<T extends JobRecord | BatchRecord>(
    key: string,
    mutate: (record: T) => void,
  ): Promise<T | undefined> {
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
      const found = await this.read<T>(key);
      if (!found) return undefined;
      const before = JSON.stringify(found.record);
      mutate(found.record);
      const after = JSON.stringify(found.record);
      if (after === before) return found.record;
      const ids = watchersOf(found.record);
      if ((await this.redis.backdropCas(key, found.version, after, CHANGED, ...ids)) === 1)
        return found.record;
    }
    throw new Error(`Record ${key} kept changing under ${MAX_CONFLICTS} attempts to update it.`);
  }

  async create(record: JobRecord): Promise<void> {
    if (!ID_PATTERN.test(record.view.id)) throw new Error(`Invalid job id ${JSON.stringify(record.view.id)}`);
    const written = await this.run(() =>
      this.redis.backdropCreate(
        jobKey(record.view.id),
        JOBS,
        JSON.stringify(record),
        Date.parse(record.view.createdAt),
        record.view.id,
        CHANGED,
        ...watchersOf(record),
      ),
    );
    if (written !== 1) throw new Error(`Job ${record.view.id} exists already.`);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    return this.run(async () => (await this.read<JobRecord>(jobKey(id)))?.record);
  }

  update(id: string, mutate: (record: JobRecord) => void): Promise<JobRecord | undefined> {
    if (!ID_PATTERN.test(id)) return Promise.resolve(undefined);
    return this.run(() => this.change(jobKey(id), mutate));
  }

  /**
   * File first, then the record (no existence check before: one round trip less per file). When the
   * record is gone meanwhile (deleted, swept) or cannot be written (Redis away), the file is removed
   * again: nothing on the shared folder without a record naming it.
   */
  async putBlob(id: string, kind: BlobKind, source: BlobSource, meta: StoredBlob): Promise<void> {
    await this.files.put(id, kind, source);
    let recorded: JobRecord | undefined;
    try {
      recorded = await this.update(id, (record) => {
        record.blobs[kind] = meta;
      });
    } finally {
      if (!recorded) await this.files.remove(id, [kind]);
    }
  }

  async blobPath(id: string, kind: BlobKind): Promise<{ path: string; blob: StoredBlob } | undefined> {
    const blob = (await this.get(id))?.blobs[kind];
    return blob ? { path: this.files.path(id, kind), blob } : undefined;
  }

  async readBlob(id: string, kind: BlobKind): Promise<Buffer | undefined> {
    const found = await this.blobPath(id, kind);
    return found ? readFile(found.path) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    const record = await this.get(id);
    if (!record) return false;
    await this.run(async () => {
      const multi = this.redis.multi().del(jobKey(id)).zrem(JOBS, id).publish(CHANGED, id);
      if (record.view.batch) multi.publish(CHANGED, record.view.batch.id);
      await multi.exec();
    });
    await this.files.remove(id, Object.keys(record.blobs) as BlobKind[]);
    return true;
  }

  /** Every job record, oldest first (one round trip for the ids, one pipeline for the records). */
  private async allJobs(): Promise<JobRecord[]> {
    return this.run(async () => {
      const ids = await this.redis.zrange(JOBS, 0, -1);
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hget(jobKey(id), 'd');
      const replies = (await pipeline.exec()) ?? [];
      return replies.flatMap(([, json]) => (typeof json === 'string' ? [JSON.parse(json) as JobRecord] : []));
    });
  }

  async active(): Promise<JobRecord[]> {
    return (await this.allJobs()).filter((record) => ACTIVE.has(record.view.status));
  }

  async createBatch(record: BatchRecord): Promise<void> {
    if (!ID_PATTERN.test(record.id)) throw new Error(`Invalid batch id ${JSON.stringify(record.id)}`);
    const written = await this.run(() =>
      this.redis.backdropCreate(
        batchKey(record.id),
        BATCHES,
        JSON.stringify(record),
        Date.parse(record.createdAt),
        record.id,
        CHANGED,
        record.id,
      ),
    );
    if (written !== 1) throw new Error(`Batch ${record.id} exists already.`);
  }

  async getBatch(id: string): Promise<BatchRecord | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    return this.run(async () => (await this.read<BatchRecord>(batchKey(id)))?.record);
  }

  updateBatch(id: string, mutate: (record: BatchRecord) => void): Promise<BatchRecord | undefined> {
    if (!ID_PATTERN.test(id)) return Promise.resolve(undefined);
    return this.run(() => this.change(batchKey(id), mutate));
  }

  changed(id: string, signal: AbortSignal): Promise<void> {
    return this.watchers.wait(id, signal);
  }

  async totalBytes(): Promise<number> {
    let total = 0;
    for (const record of await this.allJobs())
      for (const blob of Object.values(record.blobs)) total += blob?.bytes ?? 0;
    return total;
  }

  /** At most one sweep per SWEEP_EVERY_MS across every node sharing this Redis (a SET NX lock). */
  async sweep(now = Date.now()): Promise<{ evicted: string[] }> {
    const lock = await this.run(() =>
      this.redis.set(`${KEY_PREFIX}:sweep-lock`, String(process.pid), 'PX', SWEEP_EVERY_MS, 'NX'),
    );
    if (lock !== 'OK') return { evicted: [] };
    const batches = await this.run(async () => {
      const ids = await this.redis.zrange(BATCHES, 0, -1);
      const found = await Promise.all(ids.map((id) => this.read<BatchRecord>(batchKey(id))));
      return found.flatMap((entry) => (entry ? [entry.record] : []));
    });
    const plan = planSweep(await this.allJobs(), batches, this.limits, now);
    for (const id of plan.jobs) await this.delete(id);
    for (const id of plan.batches)
      await this.run(() =>
        this.redis.multi().del(batchKey(id)).zrem(BATCHES, id).publish(CHANGED, id).exec(),
      );
    return { evicted: plan.jobs };
  }

  async close(): Promise<void> {
    await rm(this.temp, { recursive: true, force: true });
    this.subscriber.disconnect();
    this.redis.disconnect();
  }
}
