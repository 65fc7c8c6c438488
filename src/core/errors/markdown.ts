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
      return `| \`${code}\` | ${cell(spec.message)} | ${cell(hint)} | ${status} | ${exit} |`;
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
    '| code | message | what to do | HTTP | exit |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
