import { useRef, useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { ItemKind } from '../../core/types';
import { CATEGORIES, KIND_LABEL, type Category } from '../../core/labels';
import { SubmitInput } from '../../core/schemas';
import { call, newRequestId } from '../../services/api';
import { notices } from '../../stores/notices';
import SubscribeBar from '../../components/SubscribeBar';
import { session } from '../../stores/session';
import ErrorBox from '../../components/ErrorBox';
import Chips from '../../components/Chips';
import PhotoPicker from '../../components/PhotoPicker';
import { LengthCounter, Switch } from '../../components/Form';
import { errorCode, fieldError, readParam } from '../../components/lib';
import { useSubmit } from '../../components/useSubmit';
import './index.css';
import { FieldError } from '../../components/Form';

const KIND_OPTIONS = (Object.keys(KIND_LABEL) as ItemKind[]).map((k) => ({ value: k, label: KIND_LABEL[k] }));
const CATEGORY_OPTIONS = CATEGORIES.map((c) => ({ value: c, label: c }));
const MAX_DESC = 500;

function SubmitPage() {
  const card = readParam(useRouter().params.card);
  const [kind, setKind] = useState<ItemKind | ''>('');
  const [category, setCategory] = useState<Category | ''>('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [anonymous, setAnonymous] = useState(false);
  // 回音壁: publishing, even redacted, needs the resident's own separate consent (PIPL Art. 25): off by default.
  const [echoWall, setEchoWall] = useState(false);
  const [uploading, setUploading] = useState(false);
  const form = useSubmit();
  const { error, fields, setError, setFields } = form;
  const sending = !!form.busy;
  // One id per form instance: a retried tap after a lost reply is recognised by the server as the same item.
  const requestId = useRef(newRequestId());

  useLoad(() => {
    void session.ensure();
  });

  const me = session.me;

  /** Editing a field hides its stale error. */
  function edit<T>(name: string, set: (v: T) => void) {
    return (v: T) => {
      set(v);
      const stale = Object.keys(fields).filter((k) => k === name || k.startsWith(`${name}.`));
      if (!stale.length) return;
      if (stale.some((k) => fields[k] === error)) setError('');
      setFields((f) => Object.fromEntries(Object.entries(f).filter(([k]) => !stale.includes(k))));
    };
  }

  async function submit() {
    if (uploading) return;
    const input = {
      clientRequestId: requestId.current,
      kind,
      category,
      description,
      photos,
      anonymous,
      echoWall,
      ...(card ? { cardCode: card } : {}),
    };
    const res = await form.submit(
      SubmitInput,
      input,
      async (value) => {
        // Must be the first await: WeChat only shows the subscribe dialog inside the tap.
        // Asks only when no 办理进度 notice is left (subscription ledger), then reports the answer.
        await notices.ask('submit');
        return call('item.submit', value);
      },
      {
        onError: (e) => {
          if (errorCode(e) === 'NO_HOUSEHOLD') void session.refresh();
          return undefined;
        },
      },
    );
    if (!res) return;
    requestId.current = newRequestId();
    Taro.redirectTo({ url: `/pages/item/index?id=${encodeURIComponent(res.item.id)}` });
  }

  function changeHousehold() {
    if (!card) {
      setError('请重新扫描包保干部的联系卡来更改住户');
      return;
    }
    Taro.navigateTo({ url: `/pages/household/index?card=${encodeURIComponent(card)}&back=1` });
  }

  const busy = sending || uploading;

  return (
    <View className='page submit'>
      <View className='card submit__household'>
        {me?.household ? (
          <View className='submit__household-row'>
            <Text className='household-label'>住户：{me.household.label}</Text>
            {card && (
              <Text className='link change-household' onClick={changeHousehold}>
                更改
              </Text>
            )}
          </View>
        ) : (
          <View className='submit__household-row'>
            <Text className='household-label is-empty'>尚未确认住户</Text>
            {card && (
              <Text className='link change-household' onClick={changeHousehold}>
                去确认
              </Text>
            )}
          </View>
        )}
        {!me?.household && !card && (
          <Text className='hint'>请先扫描包保干部的联系卡二维码，确认住户后再反映诉求。</Text>
        )}
      </View>

      <View className='card'>
        <View className='field'>
          <Text className='field__label'>事项类型</Text>
          <Chips options={KIND_OPTIONS} value={kind} onChange={edit('kind', setKind)} chipClass='kind-chip' disabled={sending} />
          <FieldError message={fieldError(fields, 'kind')} className='field-error-kind' />
        </View>
      </View>

      <View className='card'>
        <View className='field'>
          <Text className='field__label'>事项分类</Text>
          <Chips options={CATEGORY_OPTIONS} value={category} onChange={edit('category', setCategory)} chipClass='category-chip' disabled={sending} />
          <FieldError message={fieldError(fields, 'category')} className='field-error-category' />
        </View>
      </View>

      <View className='card'>
        <View className='field'>
          <Text className='field__label'>事项描述</Text>
          {/* No native cut: a long paste stays whole, the counter says how much is over. */}
          <Textarea
            className='textarea desc-input'
            value={description}
            maxlength={-1}
            placeholder='请说清楚时间、地点和遇到的问题（至少 5 个字）'
            disabled={sending}
            onInput={(e) => edit('description', setDescription)(e.detail.value)}
          />
          <LengthCounter length={description.length} max={MAX_DESC} className='desc-counter' />
          <FieldError message={fieldError(fields, 'description')} className='field-error-description' />
        </View>
      </View>

      <View className='card'>
        <View className='field'>
          <Text className='field__label'>照片（选填，最多 3 张）</Text>
          <PhotoPicker value={photos} onChange={edit('photos', setPhotos)} openid={me?.openid ?? 'anon'} disabled={sending} onBusy={setUploading} />
          <FieldError message={fieldError(fields, 'photos')} className='field-error-photos' />
        </View>
      </View>

      <View className='card'>
        <View
          className={`anon-switch ${anonymous ? 'anon-switch--on' : ''}`}
          aria-checked={anonymous}
          role='switch'
          onClick={() => !sending && setAnonymous(!anonymous)}
        >
          <View className='anon-switch__text'>
            <Text className='anon-switch__label'>匿名提交</Text>
            <Text className='anon-switch__hint'>匿名后，处理人看不到您的住户信息</Text>
          </View>
          <View className='toggle'>
            <View className='toggle__knob' />
          </View>
        </View>
        <Switch
          className='echo-switch'
          label='办结后可在回音壁公开'
          hint='同意后，办结的事项会去掉姓名、电话、房号后在“回音壁”展示办理结果和评价；照片经社区审核后才会公开'
          value={echoWall}
          disabled={sending}
          onChange={setEchoWall}
        />
      </View>

      <ErrorBox message={error} />

      <SubscribeBar moment='submit' hideButton />
      <View className={`btn btn-primary submit-btn ${busy ? 'btn--disabled' : ''}`} aria-disabled={busy} onClick={() => void submit()}>
        <Text>{sending ? '正在提交…' : uploading ? '照片上传中…' : '提交'}</Text>
      </View>
      <Text className='hint submit__tip'>提交后可在“我的事项”中查看办理进度，办结后请为服务打分。</Text>
    </View>
  );
}

export default observer(SubmitPage);
