import type * as v from 'valibot';
import type { Ctx } from './context';

/** A named action: its input schema and a thin handler (authorize → use case → persist → emit). */
export interface Action<S extends v.GenericSchema = v.GenericSchema, O = unknown> {
  name: string;
  input: S;
  run(ctx: Ctx, input: v.InferOutput<S>): Promise<O>;
}

export function defineAction<S extends v.GenericSchema, O>(a: Action<S, O>): Action<S, O> {
  return a;
}
