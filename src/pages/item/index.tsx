import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import type { ItemView } from '../../core/api/contract';
import { RateInput } from '../../core/schemas';
import { AppealInput, WithdrawInput } from '../../core/workflowSchemas';
import { call } from '../../services/api';
import ItemDetail from '../../components/ItemDetail';
import StarRating from '../../components/StarRating';
import ErrorBox from '../../components/ErrorBox';
import { fieldError, fmtTime, readParam } from '../../components/lib';
import './index.css';
import LoadState from '../../components/LoadState';
import { useItemDetail } from '../../components/useItemDetail';
import { useSubmit } from '../../components/useSubmit';
import { Button, Form, TextArea } from '../../components/Form';
import SubscribeBar from '../../components/SubscribeBar';
import { notices } from '../../stores/notices';
import { FieldError } from '../../components/Form';

/** What the resident does here; any other allowed command is done on the handle page. */
const RESIDENT_ACTIONS: readonly string[] = ['rate', 'appeal', 'withdraw'];

export default function ItemPage() {
  const id = readParam(useRouter().params.id);
  const { item, setItem, loadError, loadFinal, load, staleMessage } = useItemDetail(id);
  const [stars, setStars] = useState(0);
  const [solved, setSolved] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const form = useSubmit();
  const { error, fields } = form;
  const sending = !!form.busy;
  const appealForm = useSubmit();
  const [appealReason, setAppealReason] = useState('');
  const [appealOpen, setAppealOpen] = useState(false);
  const withdrawForm = useSubmit();
  const [withdrawReason, setWithdrawReason] = useState('');
  const [withdrawOpen, setWithdrawOpen] = useState(false);

  useDidShow(() => void load());

  async function rate() {
    if (!item) return;
    // An unsatisfied rating reopens the item: ask (inside this tap) for the 整改 result's notice (issue 8).
    if (unhappy) void notices.ask('rateUnsatisfied');
    const input = { id: item.id, version: item.version, stars, solved: solved ?? undefined, ...(comment.trim() ? { comment } : {}) };
    const next = await form.submit(RateInput, input, (value) => call('item.rate', value), { onError: staleMessage });
    if (!next) return;
    setItem(next);
    setStars(0);
    setSolved(null);
    setComment('');
    Taro.showToast({ title: next.state !== 'closed' ? '已转入整改' : '感谢您的评价', icon: 'success' });
  }

  async function appeal() {
    if (!item) return;
    const next = await appealForm.submit(AppealInput, { id: item.id, version: item.version, reason: appealReason }, (v) => call('item.appeal', v), { onError: staleMessage });
    if (!next) return;
    setItem(next);
    setAppealOpen(false);
    setAppealReason('');
    Taro.showToast({ title: '已提交申诉', icon: 'success' });
  }

  async function withdraw() {
    if (!item) return;
    const next = await withdrawForm.submit(WithdrawInput, { id: item.id, version: item.version, reason: withdrawReason }, (v) => call('item.withdraw', v), { onError: staleMessage });
    if (!next) return;
    setItem(next);
    setWithdrawOpen(false);
    Taro.showToast({ title: '已撤回', icon: 'success' });
  }

  if (!item) {
    return <LoadState error={loadError} final={loadFinal} onRetry={() => void load()} />;
  }

  const canHandle = item.actions.some((a) => !RESIDENT_ACTIONS.includes(a));
  const canAppeal = item.actions.includes('appeal') && !!item.appealUntil && new Date(item.appealUntil).getTime() > Date.now();
  const unhappy = (stars > 0 && stars <= 2) || solved === false;
  // Staff who registered it for a resident (代居民登记) are its submitter, not the resident: the
  // resident's progress notices and their 撤回 wording are not for them.
  const registrar = item.isMine && !!item.onBehalf;

  return (
    <View className='page item-page'>
      <ErrorBox message={loadError} />
      <ItemDetail item={item}>
      {item.isMine && !registrar && item.group !== 'closed' && <SubscribeBar moment='follow' />}
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
          <FieldError message={fieldError(fields, 'stars')} />

          <Text className='field__label rate-form__q'>问题是否解决</Text>
          <View className='chips'>
            <View className={`chip rate-solved ${solved === true ? 'chip--active' : ''}`} onClick={() => setSolved(true)}>
              <Text>已解决</Text>
            </View>
            <View className={`chip rate-unsolved ${solved === false ? 'chip--active' : ''}`} onClick={() => setSolved(false)}>
              <Text>未解决</Text>
            </View>
          </View>
          <FieldError message={fieldError(fields, 'solved')} />

          <Text className='field__label rate-form__q'>说点什么（选填）</Text>
          <Textarea
            className='textarea rate-comment'
            value={comment}
            maxlength={200}
            placeholder='对办理过程或结果的意见'
            onInput={(e) => setComment(e.detail.value)}
          />
          <Text className='counter'>{comment.length}/200</Text>
          <FieldError message={fieldError(fields, 'comment')} />

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

      {canAppeal && (
        <View className='card appeal-box'>
          <Text className='section-title'>申诉</Text>
          <Text className='hint appeal-box__hint'>
            对退回有异议，可以在 {fmtTime(item.appealUntil, 'YYYY-MM-DD HH:mm')} 前申诉，由网格长复核。
          </Text>
          {appealOpen ? (
            <Form {...appealForm.formProps} className='appeal-form'>
              <TextArea label='申诉理由' name='reason' value={appealReason} onChange={setAppealReason} maxlength={300} placeholder='说明为什么不同意退回（至少 5 个字）' inputClass='appeal-reason' />
              <ErrorBox message={appealForm.error} />
              <Button className='appeal-submit' busy={!!appealForm.busy} busyText='正在提交…' onClick={() => void appeal()}>
                提交申诉
              </Button>
            </Form>
          ) : (
            <Button kind='ghost' className='appeal-btn' onClick={() => setAppealOpen(true)}>
              申诉
            </Button>
          )}
        </View>
      )}

      {item.actions.includes('withdraw') && (
        <View className='card withdraw-box'>
          {withdrawOpen ? (
            <Form {...withdrawForm.formProps} className='withdraw-form'>
              <TextArea label='撤回原因（选填）' name='reason' value={withdrawReason} onChange={setWithdrawReason} maxlength={200} placeholder='如：问题已自行解决' inputClass='withdraw-reason' />
              <ErrorBox message={withdrawForm.error} />
              <View className='btn-row'>
                <Button kind='plain' onClick={() => setWithdrawOpen(false)}>
                  不撤回
                </Button>
                <Button kind='danger' className='withdraw-confirm' busy={!!withdrawForm.busy} busyText='正在撤回…' onClick={() => void withdraw()}>
                  确认撤回
                </Button>
              </View>
            </Form>
          ) : (
            <>
              <Text className='hint withdraw-box__hint'>{registrar ? '登记有误的，可在受理前撤回。' : '事项受理前，您可以撤回。'}</Text>
              <Button kind='plain' className='withdraw-btn' onClick={() => setWithdrawOpen(true)}>
                撤回
              </Button>
            </>
          )}
        </View>
      )}
      </ItemDetail>
    </View>
  );
}
