/**
 * Copy-paste code for running a request: through the Backdrop BFF (upload, poll, download) or against the
 * provider directly. Keys appear only as environment-variable placeholders, never as values.
 */
import type { Dialect, ExecutorId, Json, JsonObject } from './types.ts';
import { print, toPlan } from './request.ts';
import { isObject } from './json.ts';

export interface SnippetOptions {
  language: 'curl' | 'fetch' | 'python';
  target: 'backdrop' | 'provider';
  dialect: Dialect;
  request: JsonObject;
  executor?: ExecutorId;
  imageName?: string;
  backdropOrigin?: string;
}

interface Context {
  dialect: Dialect;
  executor: ExecutorId;
  image: string;
  origin: string;
  body: string;
  compact: string;
  request: JsonObject;
  resultFile: string;
}

type Writer = (context: Context) => string;

const PROVIDER = {
  claid: {
    url: 'https://api.claid.ai/v1-beta1/image/edit/upload',
    keyVar: 'CLAID_API_KEY',
    header: 'Authorization',
    headerValue: (key: string) => `Bearer ${key}`,
    fileField: 'file',
    bodyField: 'data',
  },
  'deep-image': {
    url: 'https://deep-image.ai/rest_api/process_result',
    keyVar: 'DEEP_IMAGE_API_KEY',
    header: 'x-api-key',
    headerValue: (key: string) => key,
    fileField: 'fileName',
    bodyField: 'parameters',
  },
} as const;

export function snippet(options: SnippetOptions): string {
  const extension = resultExtension(options.dialect, options.request);
  const context: Context = {
    dialect: options.dialect,
    executor: options.executor ?? 'local',
    image: options.imageName?.trim() || 'product.jpg',
    origin: (options.backdropOrigin ?? 'http://127.0.0.1:8787').replace(/\/+$/, ''),
    body: print(options.request, options.dialect),
    compact: JSON.stringify(options.request),
    request: options.request,
    resultFile: `result.${extension}`,
  };
  const writers: Record<SnippetOptions['language'], { backdrop: Writer; provider: Writer }> = {
    curl: { backdrop: curlBackdrop, provider: curlProvider },
    fetch: { backdrop: fetchBackdrop, provider: fetchProvider },
    python: { backdrop: pythonBackdrop, provider: pythonProvider },
  };
  const writer = writers[options.language];
  if (!writer)
    throw new Error(`Unknown snippet language "${String(options.language)}": use curl, fetch or python.`);
  return writer[options.target === 'provider' ? 'provider' : 'backdrop'](context);
}

function resultExtension(dialect: Dialect, request: JsonObject): string {
  try {
    const format = toPlan(dialect, request).output.format;
    return format === 'jpeg' ? 'jpg' : format;
  } catch {
    return 'png';
  }
}

/** Single-quoted for POSIX shells: nothing inside is expanded. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function curlBackdrop(c: Context): string {
  return [
    `# Run on Backdrop (${c.executor}): upload, wait for the job, download the result.`,
    `ORIGIN=${shellQuote(c.origin)}`,
    `JOB=$(curl -sS -X POST "$ORIGIN/api/jobs" \\`,
    `  -F ${shellQuote(`image=@"${c.image.replace(/["\\]/g, '\\$&')}"`)} \\`,
    `  --form-string ${shellQuote(`dialect=${c.dialect}`)} \\`,
    `  --form-string ${shellQuote(`executor=${c.executor}`)} \\`,
    `  --form-string ${shellQuote(`request=${c.compact}`)} \\`,
    `  | sed -E 's/.*"id":"([^"]+)".*/\\1/')`,
    `while :; do`,
    `  STATUS=$(curl -sS "$ORIGIN/api/jobs/$JOB" | sed -E 's/.*"status":"([^"]+)".*/\\1/')`,
    `  case "$STATUS" in queued|running) sleep 1 ;; *) break ;; esac`,
    `done`,
    `if [ "$STATUS" = done ]; then curl -sS -o ${shellQuote(c.resultFile)} "$ORIGIN/api/jobs/$JOB/result"; else echo "Job $JOB ended: $STATUS" >&2; fi`,
    '',
  ].join('\n');
}

function curlProvider(c: Context): string {
  const p = PROVIDER[c.dialect];
  return [
    `# Call ${c.dialect === 'claid' ? 'Claid' : 'Deep-Image'} directly; export ${p.keyVar} first (never paste the key here).`,
    `curl -sS -X POST ${shellQuote(p.url)} \\`,
    `  -H "${p.header}: ${p.headerValue(`$${p.keyVar}`)}" \\`,
    `  -F ${shellQuote(`${p.fileField}=@"${c.image.replace(/["\\]/g, '\\$&')}"`)} \\`,
    `  --form-string ${shellQuote(`${p.bodyField}=${c.compact}`)}`,
    '',
  ].join('\n');
}

function fetchBackdrop(c: Context): string {
  return [
    `// Run on Backdrop (${c.executor}) from Node 20+ (ES module): upload, wait for the job, download the result.`,
    `import { readFile, writeFile } from 'node:fs/promises';`,
    ``,
    `const origin = ${JSON.stringify(c.origin)};`,
    `const request = ${indentJs(c.body)};`,
    ``,
    `const form = new FormData();`,
    `form.append('image', new Blob([await readFile(${JSON.stringify(c.image)})]), ${JSON.stringify(c.image)});`,
    `form.append('dialect', ${JSON.stringify(c.dialect)});`,
    `form.append('executor', ${JSON.stringify(c.executor)});`,
    `form.append('request', JSON.stringify(request));`,
    `const created = await fetch(\`\${origin}/api/jobs\`, { method: 'POST', body: form });`,
    `if (!created.ok) throw new Error((await created.json()).error.message);`,
    `const { id } = await created.json();`,
    `let job;`,
    `do {`,
    `  await new Promise((resolve) => setTimeout(resolve, 1000));`,
    `  job = await (await fetch(\`\${origin}/api/jobs/\${id}\`)).json();`,
    `} while (job.status === 'queued' || job.status === 'running');`,
    `if (job.status !== 'done') throw new Error(job.error?.message ?? \`Job \${job.status}\`);`,
    `const result = await fetch(\`\${origin}/api/jobs/\${id}/result\`);`,
    `await writeFile(${JSON.stringify(c.resultFile)}, Buffer.from(await result.arrayBuffer()));`,
    '',
  ].join('\n');
}

function fetchProvider(c: Context): string {
  const p = PROVIDER[c.dialect];
  const lines = [
    `// Call ${c.dialect === 'claid' ? 'Claid' : 'Deep-Image'} directly from Node 20+ (ES module); the key comes from the environment.`,
    `import { readFile } from 'node:fs/promises';`,
    ``,
    `const apiKey = process.env.${p.keyVar};`,
    `if (!apiKey) throw new Error('Set ${p.keyVar} first.');`,
    `const request = ${indentJs(c.body)};`,
    ``,
    `const form = new FormData();`,
    `form.append(${JSON.stringify(p.fileField)}, new Blob([await readFile(${JSON.stringify(c.image)})]), ${JSON.stringify(c.image)});`,
    `form.append(${JSON.stringify(p.bodyField)}, JSON.stringify(request));`,
    `const response = await fetch(${JSON.stringify(p.url)}, {`,
    `  method: 'POST',`,
    `  headers: { ${JSON.stringify(p.header)}: ${c.dialect === 'claid' ? '`Bearer ${apiKey}`' : 'apiKey'} },`,
    `  body: form,`,
    `});`,
    `const answer = await response.json();`,
    `if (!response.ok) throw new Error(JSON.stringify(answer));`,
  ];
  if (c.dialect === 'claid') lines.push(`console.log(answer.data.output.tmp_url);`);
  else {
    lines.push(
      `let job = answer;`,
      `while (job.status !== 'complete' && job.job) {`,
      `  await new Promise((resolve) => setTimeout(resolve, 2000));`,
      `  job = await (await fetch(\`https://deep-image.ai/rest_api/result/\${job.job}\`, { headers: { 'x-api-key': apiKey } })).json();`,
      `}`,
      `console.log(job.result_url);`,
    );
  }
  return lines.join('\n') + '\n';
}

function indentJs(body: string): string {
  return body; // print() output is valid JavaScript object syntax already (JSON ⊂ JS).
}

/** A Python literal for a JSON value (True/False/None), indented like print(). */
export function pythonLiteral(value: Json, indent = ''): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return JSON.stringify(value);
  const inner = indent + '    ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + pythonLiteral(item, inner)).join(',\n')},\n${indent}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0 || !isObject(value)) return '{}';
  return `{\n${keys.map((key) => `${inner}${JSON.stringify(key)}: ${pythonLiteral(value[key]!, inner)}`).join(',\n')},\n${indent}}`;
}

function pythonBackdrop(c: Context): string {
  return [
    `# Run on Backdrop (${c.executor}): upload, wait for the job, download the result.`,
    `import json`,
    `import time`,
    ``,
    `import requests`,
    ``,
    `ORIGIN = ${JSON.stringify(c.origin)}`,
    `REQUEST = ${pythonLiteral(c.request)}`,
    ``,
    `with open(${JSON.stringify(c.image)}, "rb") as image:`,
    `    created = requests.post(`,
    `        ORIGIN + "/api/jobs",`,
    `        files={"image": (${JSON.stringify(c.image)}, image)},`,
    `        data={"dialect": ${JSON.stringify(c.dialect)}, "executor": ${JSON.stringify(c.executor)}, "request": json.dumps(REQUEST)},`,
    `        timeout=60,`,
    `    )`,
    `if not created.ok:`,
    `    raise SystemExit(created.json()["error"]["message"])`,
    `job_id = created.json()["id"]`,
    `while True:`,
    `    job = requests.get(ORIGIN + "/api/jobs/" + job_id, timeout=30).json()`,
    `    if job["status"] not in ("queued", "running"):`,
    `        break`,
    `    time.sleep(1)`,
    `if job["status"] != "done":`,
    `    raise SystemExit(job.get("error", {}).get("message", "Job " + job["status"]))`,
    `result = requests.get(ORIGIN + "/api/jobs/" + job_id + "/result", timeout=60)`,
    `with open(${JSON.stringify(c.resultFile)}, "wb") as out:`,
    `    out.write(result.content)`,
    '',
  ].join('\n');
}

function pythonProvider(c: Context): string {
  const p = PROVIDER[c.dialect];
  const lines = [
    `# Call ${c.dialect === 'claid' ? 'Claid' : 'Deep-Image'} directly; export ${p.keyVar} first (never paste the key here).`,
    `import json`,
    `import os`,
    `import time`,
    ``,
    `import requests`,
    ``,
    `API_KEY = os.environ["${p.keyVar}"]`,
    `REQUEST = ${pythonLiteral(c.request)}`,
    ``,
    `with open(${JSON.stringify(c.image)}, "rb") as image:`,
    `    response = requests.post(`,
    `        ${JSON.stringify(p.url)},`,
    `        headers={${JSON.stringify(p.header)}: ${c.dialect === 'claid' ? '"Bearer " + API_KEY' : 'API_KEY'}},`,
    `        files={${JSON.stringify(p.fileField)}: (${JSON.stringify(c.image)}, image)},`,
    `        data={${JSON.stringify(p.bodyField)}: json.dumps(REQUEST)},`,
    `        timeout=120,`,
    `    )`,
    `response.raise_for_status()`,
  ];
  if (c.dialect === 'claid') lines.push(`print(response.json()["data"]["output"]["tmp_url"])`);
  else {
    lines.push(
      `job = response.json()`,
      `while job.get("status") != "complete" and job.get("job"):`,
      `    time.sleep(2)`,
      `    job = requests.get("https://deep-image.ai/rest_api/result/" + job["job"], headers={"x-api-key": API_KEY}, timeout=30).json()`,
      `print(job.get("result_url"))`,
    );
  }
  return lines.join('\n') + '\n';
}
