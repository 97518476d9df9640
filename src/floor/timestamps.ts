// The service sends timestamps as strings in two documented forms (see the document's
// `Timestamp`); this reads both, and the forms the provider's SDKs accept, as a Date.

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses `2018-01-30T07:42:01Z`, `2018-01-30T07:42:01.174` (no zone: UTC), `2018-01-30 07:42:01`
 * and `2018-01-30T15:42:01+08:00`. Throws a RangeError naming the value otherwise.
 */
export function parseVpcepTimestamp(value: string): Date {
  const match = typeof value === "string" ? TIMESTAMP.exec(value) : null;
  if (!match) throw new RangeError(`not a VPCEP timestamp: ${JSON.stringify(value)} (expected YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM])`);
  const [, year, month, day, hour, minute, second, fraction = "", zone = "Z"] = match;
  const millis = Number(fraction.padEnd(3, "0").slice(0, 3));
  const offset = zone === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${String(millis).padStart(3, "0")}${offset}`);
  if (Number.isNaN(date.getTime()) || Number(month) > 12 || Number(day) > 31) {
    throw new RangeError(`not a valid date: ${JSON.stringify(value)}`);
  }
  return date;
}

const PLAIN_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A timestamp in any form parseVpcepTimestamp reads, as epoch milliseconds; undefined when it is none. */
export function timestampMs(value: string): number | undefined {
  // The common form, read by the platform (fast: the mock sorts 100,000 services by it).
  if (PLAIN_UTC.test(value)) return Date.parse(value);
  try {
    return parseVpcepTimestamp(value).getTime();
  } catch {
    return undefined;
  }
}
