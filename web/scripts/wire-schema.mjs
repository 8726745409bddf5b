// Reads docs/openapi.yaml, the one description of Balie's wire protocol, and turns its component
// schemas into JSON Schema that Ajv compiles. Shared by the generator of the front end's types
// and validators (generate-wire.mjs) and by the wire test against the real server
// (tests/wire/run.mjs).
//
// Two modes:
// - open (the browser): objects may carry fields this client does not know, and an event of a
//   later version's kind is kept (x-forward-compatible), so a newer server does not break it;
// - closed (the tests): every object lists all its fields (additionalProperties: false unless
//   the schema says otherwise) and forward-compatible alternatives are left out, so a field or an
//   event kind that the server sends and openapi.yaml does not describe fails loudly.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const OPENAPI_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'docs',
  'openapi.yaml',
);

const REF_PREFIX = '#/components/schemas/';

/**
 * @typedef {Record<string, any>} Schema
 * @typedef {{ paths: Record<string, Record<string, any>>, components: { schemas: Record<string, Schema> } }} OpenApi
 */

/** @returns {OpenApi} */
export function loadOpenApi(path = OPENAPI_PATH) {
  return parse(readFileSync(path, 'utf8'));
}

/** The component name a `$ref` points to. @param {string} ref */
export function refName(ref) {
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
  return ref.slice(REF_PREFIX.length);
}

/**
 * Merges an allOf of object schemas (refs resolved) into one object schema, so that a closed
 * object sees every field and Ajv's discriminator sees `type`.
 * @param {Schema} schema
 * @param {Record<string, Schema>} all
 * @returns {Schema}
 */
function flattenAllOf(schema, all) {
  if (!Array.isArray(schema.allOf) || schema.allOf.length < 2) return schema;
  /** @type {Schema} */
  const merged = { type: 'object', properties: {}, required: [] };
  for (const part of schema.allOf) {
    const resolved = part.$ref ? flattenAllOf(all[refName(part.$ref)] ?? {}, all) : part;
    Object.assign(merged.properties, resolved.properties ?? {});
    merged.required.push(...(resolved.required ?? []));
  }
  const { allOf: _allOf, ...rest } = schema;
  return { ...rest, ...merged };
}

/**
 * One schema of openapi.yaml as JSON Schema for Ajv: `nullable` becomes a null alternative,
 * OpenAPI's own keywords (example, discriminator mapping, x-…) go, refs point into `definitions`.
 * @param {any} schema
 * @param {Record<string, Schema>} all
 * @param {boolean} closed
 * @returns {any}
 */
function toJsonSchema(schema, all, closed) {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, all, closed));
  if (typeof schema !== 'object' || schema === null) return schema;
  schema = flattenAllOf(schema, all);
  /** @type {Schema} */
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'nullable' || key.startsWith('x-')) continue;
    if (key === '$ref') out.$ref = `#/definitions/${refName(value)}`;
    else if (key === 'discriminator') out.discriminator = { propertyName: value.propertyName };
    else if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, s]) => [name, toJsonSchema(s, all, closed)]),
      );
    } else if (key === 'oneOf' && closed) {
      out.oneOf = value
        .filter(
          (/** @type {Schema} */ s) => !(s.$ref && all[refName(s.$ref)]?.['x-forward-compatible']),
        )
        .map((/** @type {Schema} */ s) => toJsonSchema(s, all, closed));
    } else if (typeof value === 'object') out[key] = toJsonSchema(value, all, closed);
    else out[key] = value;
  }
  // Ajv's strict mode wants the type beside the discriminator.
  if (out.discriminator && out.type === undefined) out.type = 'object';
  if (closed && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  if (schema.nullable) {
    if (typeof out.type === 'string' && !out.enum) return { ...out, type: [out.type, 'null'] };
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/**
 * Every component schema of openapi.yaml as one JSON Schema document ({definitions: …}).
 * @param {OpenApi} api
 * @param {{ closed: boolean }} options
 */
export function wireDefinitions(api, { closed }) {
  const all = api.components.schemas;
  return {
    $id: 'wire',
    definitions: Object.fromEntries(
      Object.entries(all).map(([name, schema]) => [name, toJsonSchema(schema, all, closed)]),
    ),
  };
}

/** Ajv's options for this document (the caller brings Ajv, so the browser build needs none). */
export const AJV_OPTIONS = {
  discriminator: true,
  allowUnionTypes: true,
  allErrors: false,
  strict: true,
};

/**
 * The routes of openapi.yaml as "METHOD /path" lines, sorted; the WebSocket upgrades (x-websocket)
 * with them.
 * @param {OpenApi} api
 */
export function openApiRoutes(api) {
  const routes = [];
  for (const [path, item] of Object.entries(api.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (item[method]) routes.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return routes.sort();
}
