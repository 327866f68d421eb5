import { errorFields, errorText, fieldError } from '../../../components/lib';

/**
 * A refused save's message and field errors, each said once. When the server marks a single field
 * beside its message ("编号已存在" under 住户编号 and "住户编号 …-0101（101 室）已存在，不能重复添加；
 * 如需修改，请点该住户" above the button), that is one refusal: only the message, which says more,
 * is shown. Several marked fields keep their own messages.
 */
export function refusal(e: unknown): { message: string; fields: Record<string, string> } {
  const fields = errorFields(e);
  return { message: errorText(e), fields: Object.keys(fields).length > 1 ? fields : {} };
}

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
