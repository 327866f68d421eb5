import { useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { CardResult } from '../../core/api/contract';
import { call } from '../../services/api';
import { session } from '../../stores/session';
import CadreCard from '../../components/CadreCard';
import ErrorBox from '../../components/ErrorBox';
import { errorText, readParam } from '../../components/lib';
import './index.css';

function CardPage() {
  const router = useRouter();
  const scene = readParam(router.params.scene);
  const [result, setResult] = useState<CardResult | null>(null);
  const [error, setError] = useState('');
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
        <View className='btn btn-plain' onClick={() => void load()}><Text>重试</Text></View>
        <View className='btn btn-ghost' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}><Text>返回首页</Text></View>
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
      <View className='btn btn-plain' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
        <Text>返回首页</Text>
      </View>
    </View>
  );
}

export default observer(CardPage);
