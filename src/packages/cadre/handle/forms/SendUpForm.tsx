import { useState } from 'react';
import { call } from '../../../../services/api';
import { EscalateInput } from '../../../../core/workflowSchemas';
import { TextArea } from '../../../../components/Form';
import { sendUpLabel } from './offer';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

/** 下单 (grid → community) or 派单 (community → street), with a reason. */
export default function SendUpForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const [reason, setReason] = useState('');
  const label = sendUpLabel(props.item.level);
  const submit = () => cmd.send(EscalateInput, { reason }, (v) => call('item.escalate', v), { toast: label === '上报社区' ? '已上报社区' : '已派单到街道' });
  return (
    <CommandShell name='sendUp' title={label} hint='说明本级为什么办不了，上一级会收到通知。' cmd={cmd} actions={<SubmitButton cmd={cmd} name='sendUp' onClick={submit}>{label}</SubmitButton>}>
      <TextArea label='上报原因' name='reason' value={reason} onChange={setReason} maxlength={200} placeholder='如：涉及多个网格，网格无法协调' inputClass='sendup-reason' />
    </CommandShell>
  );
}
