import { useRef, useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { ItemKind } from '../../../core/types';
import { CATEGORIES, KIND_LABEL, type Category } from '../../../core/labels';
import { OnBehalfInput } from '../../../core/workflowSchemas';
import { call, newRequestId } from '../../../services/api';
import { session } from '../../../stores/session';
import ErrorBox from '../../../components/ErrorBox';
import { Button, ChipPicker, Form, PhotoField, TextArea } from '../../../components/Form';
import { useSubmit } from '../../../components/useSubmit';
import HouseholdPicker, { type PickedHousehold } from './HouseholdPicker';
import './index.css';

const CHANNELS = [
  { value: 'visit' as const, label: '走访' },
  { value: 'phone' as const, label: '电话' },
];
const KIND_OPTIONS = (Object.keys(KIND_LABEL) as ItemKind[]).map((k) => ({ value: k, label: KIND_LABEL[k] }));
const CATEGORY_OPTIONS = CATEGORIES.map((c) => ({ value: c, label: c }));

/** 代居民登记: after a visit or a call, staff record an item for a household; it enters the same loop. */
function OnBehalfPage() {
  const [household, setHousehold] = useState<PickedHousehold | null>(null);
  const [channel, setChannel] = useState<'visit' | 'phone' | ''>('');
  const [kind, setKind] = useState<ItemKind | ''>('');
  const [category, setCategory] = useState<Category | ''>('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const form = useSubmit();
  // One id per form: a retried tap after a lost reply makes one item, not two.
  const requestId = useRef(newRequestId());

  useLoad(() => {
    void session.ensure();
  });

  async function submit() {
    if (uploading) return;
    const input = { clientRequestId: requestId.current, householdId: household?.id, channel, kind, category, description, photos };
    const res = await form.submit(OnBehalfInput, input, (v) => call('item.onBehalf', v));
    if (!res) return;
    requestId.current = newRequestId();
    Taro.showToast({ title: '已登记', icon: 'success' });
    Taro.redirectTo({ url: `/pages/item/index?id=${encodeURIComponent(res.item.id)}` });
  }

  return (
    <View className='page onbehalf'>
      <Text className='hint onbehalf__intro'>走访或接到电话后，替居民登记诉求。事项会标明“代居民登记”，按正常流程派给包保干部办理。</Text>
      <Form {...form.formProps}>
        <View className='card'>
          <HouseholdPicker value={household} onChange={setHousehold} />
        </View>
        <View className='card'>
          <ChipPicker label='登记方式' name='channel' options={CHANNELS} value={channel} onChange={setChannel} chipClass='channel-chip' />
          <ChipPicker label='事项类型' name='kind' options={KIND_OPTIONS} value={kind} onChange={setKind} chipClass='onbehalf-kind-chip' />
          <ChipPicker label='事项分类' name='category' options={CATEGORY_OPTIONS} value={category} onChange={setCategory} chipClass='onbehalf-category-chip' />
        </View>
        <View className='card'>
          <TextArea label='事项描述' name='description' value={description} onChange={setDescription} maxlength={500} placeholder='居民反映的问题：时间、地点、经过（至少 5 个字）' inputClass='onbehalf-desc' />
          <PhotoField label='照片（选填，最多 3 张）' name='photos' value={photos} onChange={setPhotos} openid={session.me?.openid ?? 'cadre'} disabled={!!form.busy} onBusy={setUploading} />
        </View>
        <ErrorBox message={form.error} />
        <Button className='onbehalf-submit' busy={!!form.busy} busyText='正在登记…' disabled={uploading} onClick={() => void submit()}>
          {uploading ? '照片上传中…' : '登记'}
        </Button>
      </Form>
    </View>
  );
}

export default observer(OnBehalfPage);
