import { useState } from 'react';
import { Text } from '@tarojs/components';
import { call } from '../../../../services/api';
import { PauseReviewInput } from '../../../../core/workflowSchemas';
import { TextArea } from '../../../../components/Form';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

/** The level above approves (pauseApprove) or denies (pauseDeny) a pause. */
export default function PauseReviewForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const [note, setNote] = useState('');
  const can = (c: 'pauseApprove' | 'pauseDeny') => props.item.actions.includes(c);
  const review = (approve: boolean) =>
    cmd.send(PauseReviewInput, { approve, note }, (v) => call('item.pauseReview', v), { kind: approve ? 'approve' : 'deny', toast: approve ? '已同意挂起' : '已驳回挂起' });
  return (
    <CommandShell
      name='pauseReview'
      title='挂起审批'
      cmd={cmd}
      actions={
        <>
          {can('pauseApprove') && <SubmitButton cmd={cmd} name='pauseApprove' busyKind='approve' onClick={() => void review(true)}>同意挂起</SubmitButton>}
          {can('pauseDeny') && <SubmitButton cmd={cmd} name='pauseDeny' busyKind='deny' kind='ghost' onClick={() => void review(false)}>不同意</SubmitButton>}
        </>
      }
    >
      {props.item.pause && <Text className='cmd-form__quote'>挂起原因：{props.item.pause.reason}</Text>}
      <TextArea label='审批意见（选填）' name='note' value={note} onChange={setNote} maxlength={200} inputClass='pause-review-note' />
    </CommandShell>
  );
}
