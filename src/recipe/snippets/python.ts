/** Python `requests` snippets; the request is written as a Python literal, not a JSON string. */
import type { Json } from '../types.ts';
import { isObject } from '../json.ts';
import type { Context } from './context.ts';
import { authValue, extensionNotes, providerApi, providerName, sendsBox } from './context.ts';

/** A Python literal for a JSON value (True/False/None), indented like print(). */
function pythonLiteral(value: Json, indent = ''): string {
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

const pyConcat = (words: string, key: string) => `${JSON.stringify(words)} + ${key}`;

/** `job.get("result_url")`, nested gets for a longer path (a missing key prints None, as before). */
function pyGet(name: string, keys: readonly string[]): string {
  return keys.reduce(
    (expr, key, i) =>
      `${expr}${i ? '.get' : '.get'}(${JSON.stringify(key)}${i < keys.length - 1 ? ', {}' : ''})`,
    name,
  );
}

export function pythonBackdrop(c: Context): string {
  return [
    `# Run on Backdrop (${c.executor}): upload, wait for the job, download the result.`,
    ...extensionNotes(c, 'backdrop', '#'),
    `import json`,
    `import os`,
    `import time`,
    ``,
    `import requests`,
    ``,
    `ORIGIN = ${JSON.stringify(c.origin)}`,
    `# A server started with BACKDROP_ACCESS_TOKEN needs it: set it in the environment here too.`,
    `TOKEN = os.environ.get("BACKDROP_ACCESS_TOKEN")`,
    `HEADERS = {"Authorization": "Bearer " + TOKEN} if TOKEN else {}`,
    `REQUEST = ${pythonLiteral(c.request)}`,
    ``,
    `with open(${JSON.stringify(c.image)}, "rb") as image:`,
    `    created = requests.post(`,
    `        ORIGIN + "/api/jobs",`,
    `        headers=HEADERS,`,
    `        files={"image": (${JSON.stringify(c.image)}, image)${c.maskFile ? `, "mask": (${JSON.stringify(c.maskFile)}, open(${JSON.stringify(c.maskFile)}, "rb"))` : ''}},`,
    `        data={"dialect": ${JSON.stringify(c.dialect)}, "executor": ${JSON.stringify(c.executor)}, "request": json.dumps(REQUEST)${sendsBox(c) ? `, "subjectBox": ${JSON.stringify(c.subjectBox)}` : ''}},`,
    `        timeout=60,`,
    `    )`,
    `if not created.ok:`,
    `    raise SystemExit(created.json()["error"]["message"])`,
    `job_id = created.json()["id"]`,
    `while True:`,
    `    job = requests.get(ORIGIN + "/api/jobs/" + job_id, headers=HEADERS, timeout=30).json()`,
    `    if job["status"] not in ("queued", "running"):`,
    `        break`,
    `    time.sleep(1)`,
    `if job["status"] != "done":`,
    `    raise SystemExit(job.get("error", {}).get("message", "Job " + job["status"]))`,
    `result = requests.get(ORIGIN + "/api/jobs/" + job_id + "/result", headers=HEADERS, timeout=60)`,
    `with open(${JSON.stringify(c.resultFile)}, "wb") as out:`,
    `    out.write(result.content)`,
    '',
  ].join('\n');
}

export function pythonProvider(c: Context): string {
  const p = providerApi(c.dialect);
  const lines = [
    `# Call ${providerName(c.dialect)} directly; export ${p.keyVar} first (never paste the key here).`,
    ...extensionNotes(c, 'provider', '#'),
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
    `        headers={${JSON.stringify(p.header)}: ${authValue(p, 'API_KEY', pyConcat)}},`,
    `        files={${JSON.stringify(p.fileField)}: (${JSON.stringify(c.image)}, image)},`,
    `        data={${JSON.stringify(p.bodyField)}: json.dumps(REQUEST)},`,
    `        timeout=120,`,
    `    )`,
    `response.raise_for_status()`,
  ];
  const poll = p.poll;
  if (!poll)
    lines.push(`print(response.json()${p.resultPath.map((key) => `[${JSON.stringify(key)}]`).join('')})`);
  else {
    lines.push(
      `job = response.json()`,
      `# Poll while ${providerName(c.dialect)} is still working; any other status is final.`,
      `while job.get(${JSON.stringify(poll.statusKey)}) in (${poll.pending.map((s) => JSON.stringify(s)).join(', ')}) and job.get(${JSON.stringify(poll.idKey)}):`,
      `    time.sleep(${poll.intervalSeconds})`,
      `    job = requests.get(${JSON.stringify(poll.url)} + job[${JSON.stringify(poll.idKey)}], headers={${JSON.stringify(p.header)}: ${authValue(p, 'API_KEY', pyConcat)}}, timeout=30).json()`,
      `print(${pyGet('job', poll.resultPath)})`,
    );
  }
  return lines.join('\n') + '\n';
}
