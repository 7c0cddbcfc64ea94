/**
 * Short descriptions of arbitrary values for error messages: enough to recognise what was passed
 * (`function foo`, `an object (Map)`, `number 3`) without dumping a large object.
 */

/** Describes `value` in a few words. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object') return `an object (${String(value.constructor?.name ?? 'Object')})`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value} ${String(value)}`;
}
