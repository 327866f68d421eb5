import { call } from '../../../../services/api';
import { StartInput } from '../../../../core/schemas';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

export default function StartForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const submit = () => cmd.send(StartInput, {}, (v) => call('item.start', v), { toast: '已开始办理' });
  return (
    <CommandShell name='start' title='开始办理' hint='告诉居民已经着手处理。' cmd={cmd} actions={<SubmitButton cmd={cmd} name='start' onClick={submit}>开始办理</SubmitButton>} />
  );
}
