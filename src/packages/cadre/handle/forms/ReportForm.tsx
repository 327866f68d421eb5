import { View, Text } from '@tarojs/components';
import { call } from '../../../../services/api';
import { ReportInput } from '../../../../core/workflowSchemas';
import { fmtTime, listTime } from '../../../../components/lib';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

/** 报到: a whistled department takes the item. */
export default function ReportForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const w = props.item.whistle;
  const submit = () => cmd.send(ReportInput, {}, (v) => call('item.report', v), { toast: '已报到' });
  return (
    <CommandShell
      name='report'
      title='部门报到'
      hint={w ? `${w.kindLabel}，请在 ${fmtTime(w.reportDueAt, 'MM-DD HH:mm')} 前报到。` : undefined}
      cmd={cmd}
      actions={<SubmitButton cmd={cmd} name='report' onClick={submit}>报到</SubmitButton>}
    >
      {w && (
        <View className='cmd-form__list'>
          {w.departments.map((d) => (
            <Text key={d.id} className='muted'>
              {d.name}：{d.reportedAt ? `已报到 ${listTime(d.reportedAt)}` : '未报到'}
            </Text>
          ))}
        </View>
      )}
    </CommandShell>
  );
}
