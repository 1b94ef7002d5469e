/** JavaScript fetch snippets for Node 20+ as ES modules (top-level await, FormData, Blob). */
import type { Context } from './context.ts';
import { authValue, extensionNotes, providerApi, providerName, sendsBox } from './context.ts';

export function fetchBackdrop(c: Context): string {
  return [
    `// Run on Backdrop (${c.executor}) from Node 20+ (ES module): upload, wait for the job, download the result.`,
    ...extensionNotes(c, 'backdrop', '//'),
    `import { readFile, writeFile } from 'node:fs/promises';`,
    ``,
    `const origin = ${JSON.stringify(c.origin)};`,
    `// A server started with BACKDROP_ACCESS_TOKEN needs it: set it in the environment here too.`,
    `const token = process.env.BACKDROP_ACCESS_TOKEN;`,
    `const headers = token ? { Authorization: \`Bearer \${token}\` } : {};`,
    `const request = ${indentJs(c.body)};`,
    ``,
    `const form = new FormData();`,
    `form.append('image', new Blob([await readFile(${JSON.stringify(c.image)})]), ${JSON.stringify(c.image)});`,
    `form.append('dialect', ${JSON.stringify(c.dialect)});`,
    `form.append('executor', ${JSON.stringify(c.executor)});`,
    ...(sendsBox(c) ? [`form.append('subjectBox', ${JSON.stringify(c.subjectBox)});`] : []),
    ...(c.maskFile
      ? [
          `form.append('mask', new Blob([await readFile(${JSON.stringify(c.maskFile)})]), ${JSON.stringify(c.maskFile)});`,
        ]
      : []),
    `form.append('request', JSON.stringify(request));`,
    `const created = await fetch(\`\${origin}/api/jobs\`, { method: 'POST', headers, body: form });`,
    `if (!created.ok) throw new Error((await created.json()).error.message);`,
    `const { id } = await created.json();`,
    `let job;`,
    `do {`,
    `  await new Promise((resolve) => setTimeout(resolve, 1000));`,
    `  job = await (await fetch(\`\${origin}/api/jobs/\${id}\`, { headers })).json();`,
    `} while (job.status === 'queued' || job.status === 'running');`,
    `if (job.status !== 'done') throw new Error(job.error?.message ?? \`Job \${job.status}\`);`,
    `const result = await fetch(\`\${origin}/api/jobs/\${id}/result\`, { headers });`,
    `await writeFile(${JSON.stringify(c.resultFile)}, Buffer.from(await result.arrayBuffer()));`,
    '',
  ].join('\n');
}

export function fetchProvider(c: Context): string {
  const p = providerApi(c.dialect);
  const lines = [
    `// Call ${providerName(c.dialect)} directly from Node 20+ (ES module); the key comes from the environment.`,
    ...extensionNotes(c, 'provider', '//'),
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
    `  headers: { ${JSON.stringify(p.header)}: ${authValue(p, 'apiKey', (words, key) => `\`${words}\${${key}}\``)} },`,
    `  body: form,`,
    `});`,
    `const answer = await response.json();`,
    `if (!response.ok) throw new Error(JSON.stringify(answer));`,
  ];
  const poll = p.poll;
  if (!poll) lines.push(`console.log(answer${jsPath(p.resultPath)});`);
  else {
    const status = `job${jsPath([poll.statusKey])}`;
    const id = `job${jsPath([poll.idKey])}`;
    lines.push(
      `let job = answer;`,
      `// Poll while ${providerName(c.dialect)} is still working; any other status is final.`,
      `while (${jsList(poll.pending)}.includes(${status}) && ${id}) {`,
      `  await new Promise((resolve) => setTimeout(resolve, ${poll.intervalSeconds * 1000}));`,
      `  job = await (await fetch(\`${poll.url}\${${id}}\`, { headers: { '${p.header}': ${authValue(p, 'apiKey', (words, key) => `\`${words}\${${key}}\``)} } })).json();`,
      `}`,
      `console.log(job${jsPath(poll.resultPath)});`,
    );
  }
  return lines.join('\n') + '\n';
}

/** `.data.output.tmp_url`; keys that are not identifiers as `["key"]`. */
function jsPath(keys: readonly string[]): string {
  return keys
    .map((key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`))
    .join('');
}

/** `['received', 'not_started']`, single-quoted like the rest of the snippet. */
function jsList(values: readonly string[]): string {
  return `[${values.map((v) => `'${v.replace(/['\\]/g, '\\$&')}'`).join(', ')}]`;
}

function indentJs(body: string): string {
  return body; // print() output is valid JavaScript object syntax already (JSON ⊂ JS).
}
