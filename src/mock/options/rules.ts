// What each of the stateful mock's values must be, once: the bin's reader (config.ts) checks its
// flags' texts against these rules, `createVpcepMsw` (values.ts) its options' values, and both
// say the same `must be …` in their own names (`--rate-limit`, `rateLimit`). No Node built-in.

export interface NumberRule {
  /** What the value must be, as the messages say it (never quoting a value: it may be a secret). */
  says: string;
  /** Whether a number keeps the rule. */
  holds(value: number): boolean;
  /** Whether the flag's text is read as a whole number (digits only) or as any number. */
  whole: boolean;
}

const wholeFrom = (min: number): NumberRule => ({
  says: `a whole number >= ${min}`,
  holds: (value) => Number.isSafeInteger(value) && value >= min,
  whole: true,
});

export const RULES = {
  rateLimit: wholeFrom(1),
  faultRate: { says: "a rate from 0 to 1", holds: (value) => Number.isFinite(value) && value >= 0 && value <= 1, whole: false },
  seed: wholeFrom(0),
  lifecycleMs: wholeFrom(0),
} satisfies Record<string, NumberRule>;

export const CREATING_BECOMES = ["available", "failed"] as const;
export type CreatingBecomes = (typeof CREATING_BECOMES)[number];
export const isCreatingBecomes = (value: unknown): value is CreatingBecomes => CREATING_BECOMES.includes(value as CreatingBecomes);
export const CREATING_BECOMES_SAYS = "available or failed";

type Fail = (message: string) => never;

/** What a value is, in words (`a string`, `an array`, `null`), never the value itself. */
export const kindOf = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;

/** A flag's text read by its rule; absent, undefined; otherwise `--flag must be …, got "text"`. */
export function flagNumber(flag: string, text: string | undefined, rule: NumberRule, fail: Fail): number | undefined {
  if (text === undefined) return undefined;
  const value = rule.whole ? (/^\d+$/.test(text) ? Number(text) : Number.NaN) : text.trim() === "" ? Number.NaN : Number(text);
  return rule.holds(value) ? value : fail(`--${flag} must be ${rule.says}, got ${JSON.stringify(text)}`);
}

/** An option's value (a number, as code passes it) read by its rule; absent, undefined; otherwise `name must be …`. */
export function optionNumber(name: string, value: unknown, rule: NumberRule, fail: Fail): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number") return fail(`${name} must be a number, got ${kindOf(value)}`);
  return rule.holds(value) ? value : fail(`${name} must be ${rule.says}`);
}
