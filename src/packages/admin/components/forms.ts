import { fieldError } from '../../../components/lib';

/** Field errors without `name` and its sub-paths ("roles" also drops "roles.0.nodeId"). */
export function withoutField(fields: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => k !== name && !k.startsWith(`${name}.`)));
}

/**
 * Editing a field hides its stale error, and the form's headline error when that was the same message.
 * Returns a function to call from the field's onInput.
 */
export function staleErrorClearer(
  fields: Record<string, string>,
  setFields: (f: Record<string, string>) => void,
  headline: string,
  setHeadline: (m: string) => void,
) {
  return (...names: string[]) => {
    const msgs = names.map((n) => fieldError(fields, n)).filter(Boolean);
    if (!msgs.length) return;
    setFields(names.reduce(withoutField, fields));
    if (msgs.includes(headline)) setHeadline('');
  };
}
