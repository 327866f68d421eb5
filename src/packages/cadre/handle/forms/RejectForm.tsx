import { useState } from 'react';
import { call } from '../../../../services/api';
import { RejectInput } from '../../../../core/schemas';
import type { RejectReasonCode } from '../../../../core/types';
import { REJECT_REASONS } from '../../../../core/workflow/decide';
import { ChipPicker, TextArea } from '../../../../components/Form';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

const REASON_OPTIONS = (Object.keys(REJECT_REASONS) as RejectReasonCode[]).map((c) => ({ value: c, label: REJECT_REASONS[c] }));

/** 退回: a reason from the list plus a note; the resident reads both and may appeal. */
export default function RejectForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const [code, setCode] = useState<RejectReasonCode | ''>('');
  const [note, setNote] = useState('');
  const submit = () => cmd.send(RejectInput, { code, note }, (v) => call('item.reject', v), { toast: '已退回' });
  return (
    <CommandShell name='reject' title='退回事项' hint='退回原因会告知居民，居民 7 日内可以申诉。' cmd={cmd} actions={<SubmitButton cmd={cmd} name='reject' kind='ghost' onClick={submit}>确认退回</SubmitButton>}>
      <ChipPicker label='退回原因' name='code' options={REASON_OPTIONS} value={code} onChange={setCode} chipClass='reject-chip' />
      <TextArea label='补充说明（选填）' name='note' value={note} onChange={setNote} maxlength={200} placeholder='写给居民看的说明' inputClass='reject-note' />
    </CommandShell>
  );
}
