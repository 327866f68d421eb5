import { useState } from 'react';
import { call } from '../../../../services/api';
import { PauseInput } from '../../../../core/workflowSchemas';
import { TextArea } from '../../../../components/Form';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

/** 挂起: asks the level above to stop the clock, with a reason. */
export default function PauseForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const [reason, setReason] = useState('');
  const submit = () => cmd.send(PauseInput, { reason }, (v) => call('item.pause', v), { toast: '已申请挂起' });
  return (
    <CommandShell name='pause' title='申请挂起' hint='上级同意后计时暂停，解挂后按剩余时间继续计算。' cmd={cmd} actions={<SubmitButton cmd={cmd} name='pause' kind='ghost' onClick={submit}>申请挂起</SubmitButton>}>
      <TextArea label='挂起原因' name='reason' value={reason} onChange={setReason} maxlength={200} placeholder='如：需等待供暖季结束后施工' inputClass='pause-reason' />
    </CommandShell>
  );
}
