// Checks a value received from Balie against a schema of docs/openapi.yaml, as generated into
// generated/wire-validate.ts. A small interpreter of the JSON Schema that generate-wire.mjs
// emits (no code is compiled at run time: the console's Content-Security-Policy forbids eval),
// and small enough for the widget. The tests check it against Ajv on the same schemas.

/** The part of JSON Schema that generate-wire.mjs emits; refs are the schema objects themselves. */
export interface Schema {
  type?: string | string[];
  enum?: readonly unknown[];
  properties?: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: readonly Schema[];
  /** The field whose value (an enum of each alternative) picks the one of `oneOf`. */
  discriminator?: string;
  anyOf?: readonly Schema[];
  allOf?: readonly Schema[];
  not?: Schema;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/** A generated validator: true when `data` is a T (fields it does not know are allowed). */
export interface Validator<T> {
  (data: unknown): data is T;
  /** Where the last value that failed went wrong ("/event/seq: type"), for logs and tests. */
  lastError?: string;
}

const patterns = new Map<string, RegExp>();

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

/** The first problem of `value` against `schema` as "path: keyword", or '' when there is none. */
export function check(schema: Schema, value: unknown, path = ''): string {
  const fail = (keyword: string) => `${path || '/'}: ${keyword}`;
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((type) => hasType(value, type))) return fail('type');
  }
  if (schema.enum && !schema.enum.includes(value)) return fail('enum');
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) return fail('minLength');
    if (schema.maxLength !== undefined && length > schema.maxLength) return fail('maxLength');
    if (schema.pattern !== undefined) {
      let pattern = patterns.get(schema.pattern);
      if (!pattern) patterns.set(schema.pattern, (pattern = new RegExp(schema.pattern)));
      if (!pattern.test(value)) return fail('pattern');
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return fail('minimum');
    if (schema.maximum !== undefined && value > schema.maximum) return fail('maximum');
  }
  if (Array.isArray(value) && schema.items) {
    for (let i = 0; i < value.length; i++) {
      const problem = check(schema.items, value[i], `${path}/${i}`);
      if (problem) return problem;
    }
  }
  if (hasType(value, 'object')) {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (object[name] === undefined) return fail(`required ${name}`);
    }
    for (const [name, field] of Object.entries(object)) {
      const known = schema.properties?.[name];
      const rule = known ?? schema.additionalProperties;
      if (rule === false) return `${path}/${name}: additionalProperties`;
      if (rule && rule !== true) {
        const problem = check(rule, field, `${path}/${name}`);
        if (problem) return problem;
      }
    }
  }
  for (const part of schema.allOf ?? []) {
    const problem = check(part, value, path);
    if (problem) return problem;
  }
  if (schema.anyOf && !schema.anyOf.some((part) => !check(part, value, path))) return fail('anyOf');
  if (schema.oneOf && schema.discriminator !== undefined && hasType(value, 'object')) {
    const tag = (value as Record<string, unknown>)[schema.discriminator];
    const chosen = schema.oneOf.find((part) =>
      part.properties?.[schema.discriminator ?? '']?.enum?.includes(tag),
    );
    return chosen ? check(chosen, value, path) : fail(`${schema.discriminator} unknown`);
  }
  if (schema.oneOf) {
    const problems = schema.oneOf.map((part) => check(part, value, path));
    const matches = problems.filter((problem) => !problem).length;
    // One alternative: its own problem says more than "oneOf".
    if (matches !== 1) return schema.oneOf.length === 1 ? (problems[0] ?? '') : fail('oneOf');
  }
  if (schema.not && !check(schema.not, value, path)) return fail('not');
  return '';
}

/** A validator for `schema` (the generated code calls this once per validated schema). */
export function validator<T>(schema: Schema): Validator<T> {
  const validate = ((data: unknown): data is T => {
    const problem = check(schema, data);
    validate.lastError = problem;
    return problem === '';
  }) as Validator<T>;
  return validate;
}
