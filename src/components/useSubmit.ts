import { useRef, useState } from 'react';
import type * as v from 'valibot';
import { parse } from '../core/schemas';
import { errorFields, errorText } from './lib';

/**
 * The one way a form sends: check the input with the shared schema (field errors without a round
 * trip), send once at a time (a double tap does nothing), and put the server's Chinese message and
 * field errors where the form shows them.
 */
export function useSubmit<K extends string = 'send'>() {
  const [busy, setBusy] = useState<K | ''>('');
  const [error, setError] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const running = useRef(false);

  async function submit<S extends v.GenericSchema, T>(
    schema: S,
    input: unknown,
    send: (value: v.InferOutput<S>) => Promise<T>,
    opts: { kind?: K; onError?: (e: unknown) => Promise<string | undefined> | string | undefined } = {},
  ): Promise<T | undefined> {
    if (running.current) return undefined;
    const checked = parse(schema, input);
    if (!checked.ok) {
      setFields(checked.fields);
      setError(checked.message);
      return undefined;
    }
    setFields({});
    setError('');
    running.current = true;
    setBusy(opts.kind ?? ('send' as K));
    try {
      return await send(checked.value);
    } catch (e) {
      setFields(errorFields(e));
      setError((await opts.onError?.(e)) ?? errorText(e));
      return undefined;
    } finally {
      running.current = false;
      setBusy('');
    }
  }

  /** Spread on a <Form> so its parts show and clear these errors. */
  const formProps = { errors: fields, setErrors: setFields, headline: error, setHeadline: setError };

  return { busy, error, fields, setError, setFields, submit, formProps };
}
