// Generates the front end's view of the wire from docs/openapi.yaml, the one description:
//   src/shared/generated/wire.ts           the types of every component schema
//   src/shared/generated/wire-validate.ts  a validator per schema that the front end receives:
//                                          the schema as data for src/shared/wire-check.ts (no
//                                          eval in the browser, whose Content-Security-Policy
//                                          forbids it; Ajv's standalone code was 70 KB for the
//                                          widget's part, this about a tenth)
// `node scripts/generate-wire.mjs` writes them; `--check` (in `npm run check`) fails when the
// committed files differ from what openapi.yaml gives.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { OPENAPI_PATH, loadOpenApi, refName, wireDefinitions } from './wire-schema.mjs';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(WEB, 'src', 'shared', 'generated');

/** The schemas the front end validates what it receives against. */
const VALIDATED = [
  'CustomerServerFrame',
  'StaffServerFrame',
  'ErrorBody',
  'StartResponse',
  'Status',
  'MessagesResponse',
  'Outcome',
  'ChoiceOutcome',
  'SlotsResponse',
  'AdvisorStatus',
  'AvailabilityResponse',
  'LoginResponse',
  'MeResponse',
  'ConversationDetail',
  'SuggestionsResponse',
  'EventResponse',
  'ConversationResponse',
  'FlagResponse',
  'FlagsResponse',
  'Overview',
  'AgentsResponse',
  'UsersResponse',
  'UserResponse',
  'QueuesResponse',
  'QueueResponse',
  'ApprovalsResponse',
  'DecisionReport',
  'CustomerFlagResponse',
  'CustomerFlagsResponse',
];

const HEADER = `// GENERATED from docs/openapi.yaml by web/scripts/generate-wire.mjs: do not edit.
// Change openapi.yaml and run \`npm run generate\` in web/.
`;

/** @typedef {Record<string, any>} Schema */

/** @param {string | undefined} text @param {string} indent */
function doc(text, indent) {
  if (!text) return '';
  const lines = String(text).trim().split('\n');
  return `${indent}/** ${lines.join(`\n${indent} * `)} */\n`;
}

/** @param {string} name */
function key(name) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/**
 * The TypeScript type of a schema.
 * @param {Schema} schema
 * @param {string} indent
 * @returns {string}
 */
function tsType(schema, indent) {
  const type = tsTypeNotNull(schema, indent);
  return schema.nullable ? `${type} | null` : type;
}

/** @param {Schema} schema @param {string} indent @returns {string} */
function tsTypeNotNull(schema, indent) {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.allOf)
    return schema.allOf.map((/** @type {Schema} */ s) => tsType(s, indent)).join(' & ');
  if (schema.anyOf)
    return schema.anyOf.map((/** @type {Schema} */ s) => tsType(s, indent)).join(' | ');
  if (schema.oneOf)
    return schema.oneOf.map((/** @type {Schema} */ s) => tsType(s, indent)).join(' | ');
  if (schema.enum)
    return schema.enum.map((/** @type {unknown} */ v) => JSON.stringify(v)).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `${wrap(tsType(schema.items ?? {}, indent))}[]`;
    case 'object':
    case undefined:
      return schema.properties || schema.additionalProperties
        ? objectType(schema, indent)
        : 'Record<string, unknown>';
    default:
      throw new Error(`unsupported type ${schema.type}`);
  }
}

/** @param {string} type */
function wrap(type) {
  return /[|&]/.test(type) ? `(${type})` : type;
}

/** @param {Schema} schema @param {string} indent */
function objectType(schema, indent) {
  const inner = `${indent}  `;
  const required = new Set(schema.required ?? []);
  let body = '';
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    body += doc(property.description, inner);
    body += `${inner}${key(name)}${required.has(name) ? '' : '?'}: ${tsType(property, inner)};\n`;
  }
  const extra = schema.additionalProperties;
  if (extra === true) body += `${inner}[field: string]: unknown;\n`;
  else if (extra && typeof extra === 'object') {
    body += `${inner}[key: string]: ${tsType(extra, inner)};\n`;
  }
  return `{\n${body}${indent}}`;
}

/** @param {Record<string, Schema>} schemas */
function typesFile(schemas) {
  let out = HEADER;
  for (const [name, schema] of Object.entries(schemas)) {
    out += '\n' + doc(schema.description, '');
    const isObject =
      !schema.nullable &&
      !schema.allOf &&
      !schema.oneOf &&
      (schema.type === 'object' || schema.properties) &&
      schema.properties;
    out += isObject
      ? `export interface ${name} ${objectType(schema, '')}\n`
      : `export type ${name} = ${tsType(schema, '')};\n`;
  }
  return out;
}

/** Keywords the browser's checker (src/shared/wire-check.ts) reads; the rest is left out. */
const CHECKED = new Set([
  'type',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'discriminator',
]);

/** @param {string} name */
const constName = (name) => `s${name}`;

/**
 * A schema as a TypeScript expression; a `$ref` becomes the referred schema's constant.
 * @param {any} schema
 * @param {Set<string>} uses the names referred to, filled in
 * @returns {string}
 */
function literal(schema, uses) {
  if (Array.isArray(schema)) return `[${schema.map((s) => literal(s, uses)).join(', ')}]`;
  if (typeof schema !== 'object' || schema === null) return JSON.stringify(schema);
  if (schema.$ref) {
    const name = schema.$ref.slice('#/definitions/'.length);
    uses.add(name);
    return constName(name);
  }
  const fields = [];
  for (const [field, value] of Object.entries(schema)) {
    if (!CHECKED.has(field)) continue;
    const inner =
      field === 'discriminator'
        ? JSON.stringify(value.propertyName)
        : field === 'properties'
          ? `{ ${Object.entries(value)
              .map(([name, s]) => `${key(name)}: ${literal(s, uses)}`)
              .join(', ')} }`
          : literal(value, uses);
    fields.push(`${field}: ${inner}`);
  }
  return `{ ${fields.join(', ')} }`;
}

/** @param {ReturnType<typeof wireDefinitions>} document */
function validatorsFile(document) {
  const definitions = document.definitions;
  /** @type {Map<string, { code: string, uses: Set<string> }>} */
  const emitted = new Map();
  /** @type {string[]} */
  const order = [];
  /** @param {string} name @param {string[]} stack */
  const visit = (name, stack) => {
    if (emitted.has(name)) return;
    if (stack.includes(name)) throw new Error(`recursive schema ${[...stack, name].join(' → ')}`);
    const uses = new Set();
    const code = literal(definitions[name], uses);
    for (const used of uses) visit(used, [...stack, name]);
    emitted.set(name, { code, uses });
    order.push(name);
  };
  for (const name of VALIDATED) visit(name, []);
  let out = `${HEADER}import { validator, type Schema } from '../wire-check';
import type { ${VALIDATED.join(', ')} } from './wire';

`;
  for (const name of order) {
    out += `const ${constName(name)}: Schema = ${emitted.get(name)?.code};\n`;
  }
  out += '\n';
  for (const name of VALIDATED) {
    out += `export const validate${name} = /* @__PURE__ */ validator<${name}>(${constName(name)});\n`;
  }
  return out;
}

async function main() {
  const check = process.argv.includes('--check');
  const api = loadOpenApi();
  const config = (await prettier.resolveConfig(resolve(OUT, 'wire.ts'))) ?? {};
  /** @param {string} source @param {string} file */
  const format = (source, file) => prettier.format(source, { ...config, filepath: file });
  const files = {
    [resolve(OUT, 'wire.ts')]: typesFile(api.components.schemas),
    [resolve(OUT, 'wire-validate.ts')]: validatorsFile(wireDefinitions(api, { closed: false })),
  };
  let stale = [];
  for (const [file, source] of Object.entries(files)) {
    const text = await format(source, file);
    if (check) {
      let committed = '';
      try {
        committed = readFileSync(file, 'utf8');
      } catch {
        // missing: stale
      }
      if (committed !== text) stale.push(relative(WEB, file));
    } else {
      mkdirSync(OUT, { recursive: true });
      writeFileSync(file, text);
    }
  }
  if (stale.length > 0) {
    console.error(
      `${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} not what ` +
        `${relative(WEB, OPENAPI_PATH)} gives: run \`npm run generate\` in web/ and commit the result ` +
        '(and fix the code that uses the types, if they changed).',
    );
    process.exit(1);
  }
  if (!check)
    console.log(
      `wrote ${Object.keys(files)
        .map((f) => relative(WEB, f))
        .join(', ')}`,
    );
}

await main();
