import { useState } from 'react';
import { call } from '../../../../services/api';
import { ReturnInput } from '../../../../core/workflowSchemas';
import { TextArea } from '../../../../components/Form';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

/** A department returns an item to whoever whistled it, with a reason. */
export default function ReturnForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const [reason, setReason] = useState('');
  const submit = () => cmd.send(ReturnInput, { reason }, (v) => call('item.return', v), { toast: '已退回上级' });
  return (
    <CommandShell name='return' title='退回上级' hint='不属于本部门职责时退回吹哨方，并写明原因。' cmd={cmd} actions={<SubmitButton cmd={cmd} name='return' kind='ghost' onClick={submit}>退回上级</SubmitButton>}>
      <TextArea label='退回原因' name='reason' value={reason} onChange={setReason} maxlength={200} placeholder='如：该问题属于住建部门职责' inputClass='return-reason' />
    </CommandShell>
  );
}
