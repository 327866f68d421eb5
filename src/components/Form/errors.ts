// Pure helpers of the form parts (no Taro), tested on their own.

/** Field errors without `name` and its sub-paths ("holidays" also drops "holidays.0"). */
export function withoutField(errors: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => k !== name && !k.startsWith(`${name}.`)));
}

/** The first error of a field or any of its sub-paths. */
export function errorOf(errors: Record<string, string>, name: string): string {
  if (errors[name]) return errors[name];
  const k = Object.keys(errors).find((f) => f.startsWith(`${name}.`));
  return k ? errors[k] : '';
}

/** After the input of `name` changed: its errors are gone, and the headline too when it said the same. */
export function afterInput(state: { errors: Record<string, string>; headline: string }, name: string) {
  const shown = errorOf(state.errors, name);
  if (!shown) return state;
  return { errors: withoutField(state.errors, name), headline: state.headline === shown ? '' : state.headline };
}

/** Text from a NumberInput as a number for the schema: blank or junk becomes NaN, which it refuses. */
export const toNumber = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s.trim()));
