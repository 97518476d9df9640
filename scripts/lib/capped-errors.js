// @ts-check
// A pass over Ajv's standalone validators (allErrors) that keeps the error path linear and bounded.
// Ajv appends a referenced schema's errors with `vErrors.concat(...)`, which copies the whole list
// once per failing item (quadratic: a page of 64,000 invalid items took 22 s), and it collects
// every error, however many. After this pass each validator function appends in place and keeps at
// most `cap` errors; `errors`, the count Ajv compares to decide validity, still grows by at least
// one per failure, so every validator's true/false answer is the same as before. The list holds
// the first `cap` errors Ajv would have reported (a reset after a passing `anyOf` branch truncates
// it as before).

/** The most errors one validator call collects; past it, errors are counted but not kept. */
export const MAX_COLLECTED_ERRORS = 1000;

/**
 * @param {string} source Ajv standalone code, with allErrors
 * @param {number} [cap]
 * @returns {string}
 */
export function capErrors(source, cap = MAX_COLLECTED_ERRORS) {
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`capErrors: the cap must be a whole number >= 1, got ${cap}`);
  const rewrites = [
    {
      // A referenced validator's errors: appended in place up to the cap, and counted (at least one).
      pattern: /vErrors = vErrors === null \? (validate\d+)\.errors : vErrors\.concat\(\1\.errors\);\nerrors = vErrors\.length;/g,
      by: (/** @type {string} */ _whole, /** @type {string} */ callee) =>
        `if(vErrors === null){\nvErrors = ${callee}.errors;\n}\nelse {\nfor(const error of ${callee}.errors){\nif(vErrors.length >= ${cap}) break;\nvErrors.push(error);\n}\n}\nerrors += ${callee}.errors.length;`,
    },
    {
      // An error of this validator: kept while there is room, counted always.
      pattern: /vErrors\.push\((err\d+)\);/g,
      by: (/** @type {string} */ _whole, /** @type {string} */ error) => `if(vErrors.length < ${cap}) vErrors.push(${error});`,
    },
    {
      // A reset to an earlier count: the list may be shorter than that count once the cap was reached.
      pattern: /vErrors\.length = (_errs\d+);/g,
      by: (/** @type {string} */ _whole, /** @type {string} */ count) => `if(vErrors.length > ${count}) vErrors.length = ${count};`,
    },
  ];
  let out = source;
  for (const { pattern, by } of rewrites) out = out.replace(pattern, by);
  // Every way Ajv grows or cuts the list must have been rewritten: a new shape of its output stops the build.
  const left = [
    [/\.concat\(/, "a concat"],
    [/vErrors\.push\((?!error\))(?!err\d+\))/, "a push"],
    [/(?<!if\(vErrors\.length < \d+\) )vErrors\.push\(err\d+\)/, "a push"],
    [/(?<!if\(vErrors\.length > _errs\d+\) )vErrors\.length = _errs\d+;/, "a reset"],
    [/errors = vErrors\.length;/, "a count taken from the list"],
  ].find(([pattern]) => /** @type {RegExp} */ (pattern).test(out));
  if (left) throw new Error(`capErrors: Ajv's output has ${left[1]} this pass does not know; see scripts/lib/capped-errors.js`);
  return out;
}
