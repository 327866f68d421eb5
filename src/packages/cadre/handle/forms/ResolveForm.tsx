import { useState } from 'react';
import { call } from '../../../../services/api';
import { ResolveInput } from '../../../../core/schemas';
import { session } from '../../../../stores/session';
import { PhotoField, TextArea } from '../../../../components/Form';
import { CommandShell, SubmitButton, useCommand, type CommandFormProps } from './shared';

/** 办结 with what was done and photos; the resident then rates it. */
export default function ResolveForm(props: CommandFormProps) {
  const cmd = useCommand(props);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const submit = () => {
    if (!uploading) void cmd.send(ResolveInput, { note, photos }, (v) => call('item.resolve', v), { toast: '已办结' });
  };
  return (
    <CommandShell
      name='resolve'
      title='办结'
      cmd={cmd}
      actions={<SubmitButton cmd={cmd} name='resolve' onClick={submit}>{uploading ? '照片上传中…' : '提交办结'}</SubmitButton>}
    >
      <TextArea label='办结情况' name='note' value={note} onChange={setNote} maxlength={500} placeholder='写明怎么办的、结果如何，居民会看到' inputClass='resolve-note' />
      <PhotoField label='现场照片（选填，最多 3 张）' name='photos' value={photos} onChange={setPhotos} openid={session.me?.openid ?? 'cadre'} disabled={!!cmd.busy} onBusy={setUploading} />
    </CommandShell>
  );
}
