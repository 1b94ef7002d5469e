/**
 * The sample photos listed in public/samples/index.json (made by the project). The list's exact shape
 * belongs to whoever makes the photos, so it is read leniently: an array, or `{ samples: [...] }`,
 * each entry naming its file by `file`, `path`, `src` or `url`.
 */
import { useQuery } from '@tanstack/react-query';

export interface Sample {
  name: string;
  url: string;
  thumbUrl: string;
  description?: string;
  width?: number;
  height?: number;
}

const BASE = '/samples/';

function resolve(path: string): string {
  if (/^(https?:)?\//.test(path)) return path;
  return BASE + path.replace(/^\.\//, '');
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function parseSamples(raw: unknown): Sample[] {
  const list = Array.isArray(raw) ? raw : (raw as { samples?: unknown } | null)?.samples;
  if (!Array.isArray(list)) return [];
  const samples: Sample[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      samples.push({ name: item.replace(/\.[a-z0-9]+$/i, ''), url: resolve(item), thumbUrl: resolve(item) });
      continue;
    }
    if (!item || typeof item !== 'object') continue;
    const o = item as Record<string, unknown>;
    const file = str(o.file) ?? str(o.path) ?? str(o.src) ?? str(o.url) ?? str(o.image);
    if (!file) continue;
    const thumb = str(o.thumb) ?? str(o.thumbnail) ?? str(o.preview);
    samples.push({
      name:
        str(o.name) ??
        str(o.title) ??
        str(o.label) ??
        file
          .split('/')
          .pop()!
          .replace(/\.[a-z0-9]+$/i, ''),
      url: resolve(file),
      thumbUrl: resolve(thumb ?? file),
      description: str(o.description) ?? str(o.alt),
      width: num(o.width),
      height: num(o.height),
    });
  }
  return samples;
}

export function useSamples() {
  return useQuery({
    queryKey: ['samples'],
    queryFn: async ({ signal }) => {
      const res = await fetch(`${BASE}index.json`, { signal });
      if (!res.ok) return [];
      return parseSamples(await res.json().catch(() => null));
    },
    staleTime: Infinity,
    retry: 0,
  });
}

/** Fetches a sample as a File, named after the sample, so it goes through the same checks as a drop. */
export async function sampleFile(sample: Sample): Promise<File> {
  const res = await fetch(sample.url);
  if (!res.ok) throw new Error(`The sample “${sample.name}” could not be loaded (${res.status}).`);
  const blob = await res.blob();
  const fileName = decodeURIComponent(sample.url.split('/').pop() ?? sample.name);
  return new File([blob], fileName, { type: blob.type });
}
