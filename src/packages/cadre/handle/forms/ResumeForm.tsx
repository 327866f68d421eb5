import { Text } from '@tarojs/components';
import { call } from '../../../../services/api';
import { ResumeInput } from '../../../../core/workflowSchemas';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

/** 解挂: the clock restarts with the time that remained. */
export default function ResumeForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const submit = () => cmd.send(ResumeInput, {}, (v) => call('item.resume', v), { toast: '已解挂' });
  return (
    <CommandShell name='resume' title='解除挂起' hint='解挂后按挂起时剩余的时间继续计时。' cmd={cmd} actions={<SubmitButton cmd={cmd} name='resume' onClick={submit}>解挂</SubmitButton>}>
      {props.item.pause && <Text className='cmd-form__quote'>挂起原因：{props.item.pause.reason}</Text>}
    </CommandShell>
  );
}
