/** Python `requests` snippets; the request is written as a Python literal, not a JSON string. */
import type { Json } from '../types.ts';
import { isObject } from '../json.ts';
import type { Context } from './context.ts';
import { PROVIDER, extensionNotes, providerName, sendsBox } from './context.ts';

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
  const p = PROVIDER[c.dialect];
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
      `# Poll while Deep-Image is still working; any other status is final.`,
      `while job.get("status") in ("received", "not_started", "in_progress") and job.get("job"):`,
      `    time.sleep(2)`,
      `    job = requests.get("https://deep-image.ai/rest_api/result/" + job["job"], headers={"x-api-key": API_KEY}, timeout=30).json()`,
      `print(job.get("result_url"))`,
    );
  }
  return lines.join('\n') + '\n';
}
