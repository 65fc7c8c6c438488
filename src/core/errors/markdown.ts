import { catalog } from './catalog/index.js';

/** docs/errors.md, generated from the catalog so the two never disagree. */
export function errorsMarkdown(): string {
  const rows = Object.entries(catalog)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, spec]) => {
      const status = 'status' in spec ? String(spec.status) : '';
      const exit = 'exit' in spec ? String(spec.exit) : '1';
      const hint = 'hint' in spec ? spec.hint : '';
      const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
      return `| \`${code}\` | ${spec.kind} | ${cell(spec.message)} | ${cell(hint)} | ${status} | ${exit} |`;
    });
  return [
    '# Error codes',
    '',
    'Generated from `src/core/errors/catalog/` by `npm run docs:errors`; a test fails when this file is stale.',
    '',
    'Every error the product reports carries one of these codes: on the command line (with the exit code),',
    'in HTTP replies (with the status), in MQTT `R/reply` payloads and in the logs. `{name}` marks a value',
    'filled in where the error happens.',
    '',
    '`kind` says where the fault lies: `link` (the other side did not answer or went away), `credentials`',
    '(it refused who we are), `refusal` (it declined this request; the link is fine), `reply` (it answered',
    'with something unusable), `input` (what we were given is wrong), `local` (this machine or process),',
    '`internal` (a bug). Drivers mark a device offline on `link`, back off on `credentials`, and only',
    'record the others.',
    '',
    '| code | kind | message | what to do | HTTP | exit |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
