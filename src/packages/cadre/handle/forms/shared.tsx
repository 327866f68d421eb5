// What every command form shares: the item it acts on, how it reports back, and one way to send
// (the shared schema first, then the call with the loaded version; the server's Chinese message
// and field errors land in the form).
import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import type * as v from 'valibot';
import type { ItemView, TargetsResult } from '../../../../core/api/contract';
import ErrorBox from '../../../../components/ErrorBox';
import { Button, Form } from '../../../../components/Form';
import { useSubmit } from '../../../../components/useSubmit';

export interface CommandFormProps {
  item: ItemView;
  /** Where this item may go (转办, 吹哨); null while loading. */
  targets: TargetsResult | null;
  targetsError: string;
  /** The item as the command left it, and what to tell the person. */
  onDone: (next: ItemView, toast: string) => void;
  /** A lost race reloads the item and says so. */
  staleMessage: (e: unknown) => Promise<string | undefined>;
}

export function useCommand({ item, onDone, staleMessage }: CommandFormProps) {
  const form = useSubmit<string>();
  async function send<S extends v.GenericSchema>(
    schema: S,
    extra: Record<string, unknown>,
    call: (value: v.InferOutput<S>) => Promise<ItemView>,
    opts: { kind?: string; toast?: string } = {},
  ): Promise<ItemView | undefined> {
    const next = await form.submit(schema, { id: item.id, version: item.version, ...extra }, call, { kind: opts.kind ?? 'send', onError: staleMessage });
    if (next) onDone(next, opts.toast ?? '已提交');
    return next;
  }
  return {
    send,
    busy: form.busy,
    error: form.error,
    formProps: form.formProps,
  };
}

/** A command's form: its title, a hint, the fields, the server's message, then the button(s). */
export function CommandShell({
  name,
  title,
  hint,
  cmd,
  children,
  actions,
}: {
  name: string;
  title: string;
  hint?: string;
  cmd: ReturnType<typeof useCommand>;
  children?: ReactNode;
  /** The buttons; usually one <SubmitButton>. */
  actions: ReactNode;
}) {
  return (
    <Form {...cmd.formProps} className={`cmd-form cmd-form-${name}`}>
      <Text className='cmd-form__title'>{title}</Text>
      {hint ? <Text className='hint cmd-form__hint'>{hint}</Text> : null}
      {children}
      <ErrorBox message={cmd.error} />
      <View className='cmd-form__actions'>{actions}</View>
    </Form>
  );
}

export function SubmitButton({ cmd, name, kind = 'primary', busyKind = 'send', onClick, children }: {
  cmd: ReturnType<typeof useCommand>;
  name: string;
  kind?: 'primary' | 'ghost' | 'plain' | 'danger';
  busyKind?: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Button kind={kind} className={`cmd-submit cmd-submit-${name}`} busy={cmd.busy === busyKind} disabled={!!cmd.busy} busyText='正在提交…' onClick={onClick}>
      {children}
    </Button>
  );
}
