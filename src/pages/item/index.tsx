import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import type { ItemView } from '../../core/api/contract';
import { RateInput } from '../../core/schemas';
import { call } from '../../services/api';
import ItemDetail from '../../components/ItemDetail';
import StarRating from '../../components/StarRating';
import ErrorBox from '../../components/ErrorBox';
import { fieldError, readParam } from '../../components/lib';
import './index.css';
import LoadState from '../../components/LoadState';
import { useItemDetail } from '../../components/useItemDetail';
import { useSubmit } from '../../components/useSubmit';

const HANDLE_ACTIONS = ['accept', 'start', 'resolve', 'reject'] as const;

export default function ItemPage() {
  const id = readParam(useRouter().params.id);
  const { item, setItem, loadError, load, staleMessage } = useItemDetail(id);
  const [stars, setStars] = useState(0);
  const [solved, setSolved] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const form = useSubmit();
  const { error, fields } = form;
  const sending = !!form.busy;

  useDidShow(() => void load());

  async function rate() {
    if (!item) return;
    const input = { id: item.id, version: item.version, stars, solved: solved ?? undefined, ...(comment.trim() ? { comment } : {}) };
    const next = await form.submit(RateInput, input, (value) => call('item.rate', value), { onError: staleMessage });
    if (!next) return;
    setItem(next);
    setStars(0);
    setSolved(null);
    setComment('');
    Taro.showToast({ title: next.state !== 'closed' ? '已转入整改' : '感谢您的评价', icon: 'success' });
  }

  if (!item) {
    return <LoadState error={loadError} onRetry={() => void load()} />;
  }

  const canHandle = item.isHolder && item.actions.some((a) => (HANDLE_ACTIONS as readonly string[]).includes(a));
  const unhappy = (stars > 0 && stars <= 2) || solved === false;

  return (
    <View className='page item-page'>
      <ErrorBox message={loadError} />
      <ItemDetail item={item}>
      {canHandle && (
        <View
          className='btn btn-ghost go-handle-btn'
          onClick={() => Taro.navigateTo({ url: `/packages/cadre/handle/index?id=${encodeURIComponent(item.id)}` })}
        >
          <Text>去处理</Text>
        </View>
      )}

      {item.actions.includes('rate') && (
        <View className='card rate-form'>
          <Text className='section-title'>评价办理结果</Text>
          <Text className='field__label'>满意程度</Text>
          <StarRating value={stars} onChange={setStars} />
          {fieldError(fields, 'stars') && <Text className='field-error'>{fieldError(fields, 'stars')}</Text>}

          <Text className='field__label rate-form__q'>问题是否解决</Text>
          <View className='chips'>
            <View className={`chip rate-solved ${solved === true ? 'chip--active' : ''}`} onClick={() => setSolved(true)}>
              <Text>已解决</Text>
            </View>
            <View className={`chip rate-unsolved ${solved === false ? 'chip--active' : ''}`} onClick={() => setSolved(false)}>
              <Text>未解决</Text>
            </View>
          </View>
          {fieldError(fields, 'solved') && <Text className='field-error'>{fieldError(fields, 'solved')}</Text>}

          <Text className='field__label rate-form__q'>说点什么（选填）</Text>
          <Textarea
            className='textarea rate-comment'
            value={comment}
            maxlength={200}
            placeholder='对办理过程或结果的意见'
            onInput={(e) => setComment(e.detail.value)}
          />
          <Text className='counter'>{comment.length}/200</Text>
          {fieldError(fields, 'comment') && <Text className='field-error'>{fieldError(fields, 'comment')}</Text>}

          <Text className={`rate-form__note ${unhappy ? 'rate-form__note--warn' : ''}`}>
            评价 2 星及以下或选择“未解决”，事项将退回重新整改。
          </Text>
          <ErrorBox message={error} />
          <View className={`btn btn-primary rate-submit ${sending ? 'btn--disabled' : ''}`} onClick={() => void rate()}>
            <Text>{sending ? '正在提交…' : '提交评价'}</Text>
          </View>
        </View>
      )}

      {!item.actions.includes('rate') && error && <ErrorBox message={error} />}
      </ItemDetail>
    </View>
  );
}
