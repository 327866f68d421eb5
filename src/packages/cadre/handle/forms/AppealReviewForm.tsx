import { useState } from 'react';
import { Text } from '@tarojs/components';
import { COMMANDS } from '../../../../core/workflow/table';
import { call } from '../../../../services/api';
import { AppealReviewInput } from '../../../../core/workflowSchemas';
import { TextArea } from '../../../../components/Form';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

/** The grid leader reviews a resident's appeal: keep the rejection, or reopen the item. */
export default function AppealReviewForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const [note, setNote] = useState('');
  const can = (c: 'appealUphold' | 'appealReopen') => props.item.actions.includes(c);
  // The resident's words, here where the decision is made (the newest 申诉 of the timeline).
  const appeal = props.item.timeline
    .filter((e) => e.actionLabel === COMMANDS.appeal.label && e.note)
    .reduce<(typeof props.item.timeline)[number] | undefined>((a, e) => (!a || e.at > a.at ? e : a), undefined);
  const review = (uphold: boolean) =>
    cmd.send(AppealReviewInput, { uphold, note }, (v) => call('item.appealReview', v), { kind: uphold ? 'uphold' : 'reopen', toast: uphold ? '已维持退回' : '已重新办理' });
  return (
    <CommandShell
      name='appealReview'
      title='申诉审核'
      hint={appeal ? '审核意见会告知居民。' : '居民的申诉理由见下方时间线。审核意见会告知居民。'}
      cmd={cmd}
      actions={
        <>
          {can('appealReopen') && <SubmitButton cmd={cmd} name='appealReopen' busyKind='reopen' onClick={() => void review(false)}>申诉成立，重新办理</SubmitButton>}
          {can('appealUphold') && <SubmitButton cmd={cmd} name='appealUphold' busyKind='uphold' kind='ghost' onClick={() => void review(true)}>维持退回</SubmitButton>}
        </>
      }
    >
      {appeal && <Text className='cmd-form__quote appeal-reason'>申诉理由：{appeal.note}</Text>}
      <TextArea label='审核意见' name='note' value={note} onChange={setNote} maxlength={200} placeholder='说明理由' inputClass='appeal-review-note' />
    </CommandShell>
  );
}
