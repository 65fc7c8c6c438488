// The layer rule: a file under src/<layer>/ may import its own layer and the layers listed for it
// in eslint.config.js, nothing else. It resolves every import (static, `export ... from`, dynamic
// `import()`, `import('x').T` types) to the folder it lands in, so a path's depth cannot hide an
// upward arrow. A local rule rather than a plugin from npm: it is this small.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const BUILTINS = new Set(builtinModules);

/** The layer a file is in: `src/<layer>/...`, or the top folder (`scripts`, `tests`) outside src. */
function layerOf(root, file) {
  const parts = relative(root, file).split(sep);
  if (parts[0] === 'src' && parts.length > 2) return parts[1];
  return parts[0];
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function typeOnly(node) {
  if (node.type === 'ImportDeclaration') {
    return node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
  }
  if (node.type === 'ExportNamedDeclaration') return node.exportKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.exportKind === 'type'));
  if (node.type === 'ExportAllDeclaration') return node.exportKind === 'type';
  return node.type === 'TSImportType';
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports point down the layers (docs/development.md, "Layers")' },
    schema: [
      {
        type: 'object',
        properties: {
          layer: { type: 'string' },
          may: { type: 'array', items: { type: 'string' } },
          typeOnly: { type: 'array', items: { type: 'string' } },
          values: { type: 'array', items: { type: 'string' } },
          packages: { type: 'array', items: { type: 'string' } },
          node: { type: 'boolean' },
          aliases: { type: 'object', additionalProperties: { type: 'string' } },
          none: { type: 'boolean' },
        },
        required: ['layer', 'may'],
        additionalProperties: false,
      },
    ],
    messages: {
      upward: '{{from}} may not import {{to}} ("{{spec}}"): imports point down the layers, and {{from}} may use only {{may}}. Move the shared piece down (docs/development.md, "Layers").',
      valueImport: '{{from}} imports only types from {{to}} ("{{spec}}"): write `import type`, or take the value from {{values}} (data with no imports).',
      nodeModule: '{{from}} is loaded by the browser and may not import the Node module "{{spec}}".',
      package: '{{from}} may import no package but {{packages}}, not "{{spec}}".',
      none: 'This file is pure data and imports nothing ("{{spec}}"), so the pages can load it without pulling anything in.',
    },
  },
  create(context) {
    const options = context.options[0];
    const root = context.cwd;
    const may = new Set(options.may);
    const typeOnlyLayers = new Set(options.typeOnly ?? []);
    const values = new Set((options.values ?? []).map((v) => resolve(root, v)));
    const aliases = Object.entries(options.aliases ?? {});
    const from = `src/${options.layer}`;
    const shown = (list) => (list.length === 0 ? 'its own files' : list.map((l) => (l === 'scripts' ? l : `src/${l}`)).join(', '));

    function check(node, source) {
      if (source === null || source === undefined || typeof source.value !== 'string') return;
      const spec = source.value;
      if (options.none === true) {
        context.report({ node: source, messageId: 'none', data: { spec } });
        return;
      }
      const alias = aliases.find(([prefix]) => spec.startsWith(prefix));
      let target;
      if (spec.startsWith('.')) target = resolve(dirname(context.filename), spec);
      else if (alias !== undefined) target = resolve(root, alias[1], spec.slice(alias[0].length));
      else {
        const name = packageName(spec);
        if (options.node === false && (spec.startsWith('node:') || BUILTINS.has(name))) context.report({ node: source, messageId: 'nodeModule', data: { from, spec } });
        else if (options.packages !== undefined && !options.packages.includes(name)) {
          context.report({ node: source, messageId: 'package', data: { from, spec, packages: options.packages.join(', ') || 'none' } });
        }
        return;
      }
      const to = layerOf(root, target);
      if (to === options.layer) return;
      if (!may.has(to)) {
        context.report({ node: source, messageId: 'upward', data: { from, to: to === 'scripts' || to === 'tests' ? to : `src/${to}`, spec, may: shown(options.may) } });
        return;
      }
      const file = target.replace(/\.js$/, '.ts');
      if (typeOnlyLayers.has(to) && !typeOnly(node) && !values.has(file)) {
        context.report({ node: source, messageId: 'valueImport', data: { from, to: `src/${to}`, spec, values: [...values].map((v) => relative(root, v)).join(', ') || 'nowhere' } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      // typescript-eslint 8 names the module `source` (older versions: `argument.literal`).
      TSImportType: (node) => check(node, node.source ?? node.argument?.literal),
    };
  },
};

export default { rules: { imports: rule } };
