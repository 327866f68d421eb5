import { useEffect, useRef, useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { CardResult } from '../../core/api/contract';
import type { AssessmentMine } from '../../core/engage/contract';
import { call, newRequestId } from '../../services/api';
import { session } from '../../stores/session';
import CadreCard from '../../components/CadreCard';
import StarRating from '../../components/StarRating';
import { Button, Field, TextArea } from '../../components/Form';
import ErrorBox from '../../components/ErrorBox';
import { errorCode, errorText, readParam } from '../../components/lib';
import './index.css';

/**
 * 民主测评: a resident rates the 包保干部 who serves their household, once per period (the street's
 * setting). Shown on that cadre's card only; the server checks the household again.
 */
function Evaluation({ personId }: { personId: string }) {
  const [mine, setMine] = useState<AssessmentMine | null>(null);
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const requestId = useRef(newRequestId());

  useEffect(() => {
    call('assessment.mine', {}).then(setMine, () => setMine(null));
  }, []);
  if (!mine?.cadre || mine.cadre.id !== personId) return null;

  async function send() {
    if (busy) return;
    if (!stars) return setError('请选择 1 到 5 星');
    setBusy(true);
    setError('');
    try {
      const r = await call('assessment.rate', { personId, stars, comment, clientRequestId: requestId.current });
      setDone(`已提交：${r.period.label}为${r.name}评 ${r.stars} 星，谢谢您的评价`);
      setMine({ ...mine!, rated: { stars: r.stars, at: new Date().toISOString() } });
    } catch (e) {
      setError(errorText(e));
      requestId.current = newRequestId();
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className='card evaluation'>
      <Text className='section-title'>民主测评 · {mine.period.label}</Text>
      {mine.rated && !done ? (
        <Text className='hint evaluation__rated'>本期您已为{mine.cadre.name}评 {mine.rated.stars} 星，每个考核期可测评一次。</Text>
      ) : done ? (
        <Text className='hint evaluation__done'>{done}</Text>
      ) : (
        <>
          <Text className='hint'>请为为您家服务的包保干部{mine.cadre.name}打分，结果计入干部考核（不公开您的身份）。</Text>
          <Field label='星级' error={error && !stars ? error : ''}>
            <StarRating value={stars} onChange={(n) => { setStars(n); setError(''); }} />
          </Field>
          <TextArea label='意见建议（选填）' value={comment} onChange={setComment} maxlength={100} inputClass='evaluation-comment' placeholder='说说您的感受' />
          {error && stars ? <Text className='field-error evaluation-error'>{error}</Text> : null}
          <Button className='evaluation-submit' busy={busy} busyText='正在提交…' onClick={() => void send()}>
            提交测评
          </Button>
        </>
      )}
    </View>
  );
}

function CardPage() {
  const router = useRouter();
  const scene = readParam(router.params.scene);
  const [result, setResult] = useState<CardResult | null>(null);
  const [error, setError] = useState('');
  /** No such card (or no code): 重试 cannot help, typing the code again can. */
  const [final, setFinal] = useState(false);
  const [loading, setLoading] = useState(true);

  async function load() {
    setLoading(true);
    setError('');
    try {
      if (!scene) throw new Error('缺少联系卡编号，请重新扫码');
      const [res] = await Promise.all([call('card.resolve', { scene }), session.ensure()]);
      setResult(res);
    } catch (e) {
      setError(errorText(e));
      setFinal(!scene || ['NOT_FOUND', 'INVALID_INPUT'].includes(errorCode(e)));
    } finally {
      setLoading(false);
    }
  }

  useLoad(() => {
    void load();
  });

  function post(code: string) {
    const me = session.me;
    const url = me?.household
      ? `/pages/submit/index?card=${encodeURIComponent(code)}`
      : `/pages/household/index?card=${encodeURIComponent(code)}`;
    Taro.navigateTo({ url });
  }

  if (loading) return <View className='page'><Text className='loading'>正在打开联系卡…</Text></View>;

  if (error || !result) {
    return (
      <View className='page'>
        <ErrorBox message={error || '联系卡无法打开'} />
        {final ? (
          <Text className='hint card-not-found-hint'>请核对联系卡上的编号，在首页重新输入，或直接扫描联系卡上的二维码。</Text>
        ) : (
          <View className='btn btn-plain card-retry' onClick={() => void load()}><Text>重试</Text></View>
        )}
        <View className='btn btn-ghost card-home' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}><Text>{final ? '返回首页重新输入' : '返回首页'}</Text></View>
      </View>
    );
  }

  if (result.status === 'replaced') {
    return (
      <View className='page card-replaced'>
        <View className='card replaced-box'>
          <Text className='replaced-box__title'>此联系卡已更换</Text>
          <Text className='replaced-box__msg'>{result.message}</Text>
        </View>
        {result.current ? (
          <>
            <Text className='section-title'>现在为您服务的干部</Text>
            <CadreCard card={result.current} />
            <View
              className='btn btn-primary open-current-card'
              onClick={() => Taro.redirectTo({ url: `/pages/card/index?scene=${encodeURIComponent(result.current!.cardCode)}` })}
            >
              <Text>打开当前联系卡</Text>
            </View>
          </>
        ) : (
          <View className='card'>
            <Text className='replaced-box__none'>请联系社区</Text>
            <Text className='hint'>该网格暂时没有新的包保干部，社区工作人员会为您安排。</Text>
          </View>
        )}
      </View>
    );
  }

  const card = result.card;
  const household = session.me?.household;
  return (
    <View className='page card-page'>
      <CadreCard card={card} />
      {household && <Text className='hint card-page__household'>您已确认住户：{household.label}</Text>}
      <View className='btn btn-primary post-btn' onClick={() => post(card.cardCode)}>
        <Text>向TA反映诉求</Text>
      </View>
      <Text className='hint card-page__kinds'>微心愿 · 投诉 · 诉求 · 建议 · 随手拍，都可以告诉我</Text>
      {household && <Evaluation personId={card.personId} />}
      <View className='btn btn-plain' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
        <Text>返回首页</Text>
      </View>
    </View>
  );
}

export default observer(CardPage);
