import { useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { CardView, QrResult } from '../../../core/api/contract';
import CadreCard from '../../../components/CadreCard';
import ErrorBox from '../../../components/ErrorBox';
import { errorText } from '../../../components/lib';
import { call } from '../../../services/api';
import './index.css';

/** 我的联系卡: the cadre shows this to residents, who scan the code to post to them. */
export default function MyCard() {
  const [data, setData] = useState<{ card: CardView; qr: QrResult } | null>(null);
  const [error, setError] = useState('');

  useLoad(() => {
    call('card.mine', {})
      .then(setData)
      .catch((e) => setError(errorText(e)));
  });

  return (
    <View className='page my-card'>
      <ErrorBox message={error} />
      {data && (
        <>
          <CadreCard card={data.card} />
          <View className='my-card__qr-box'>
            <Image className='my-card__qr' src={data.qr.url} mode='scaleToFill' onClick={() => Taro.previewImage({ urls: [data.qr.url] })} />
            <Text className='my-card__hint'>居民扫码即可向您反映诉求</Text>
            <Text className='my-card__code'>卡号 {data.card.cardCode}</Text>
          </View>
        </>
      )}
      {!data && !error && <Text className='loading'>加载中…</Text>}
    </View>
  );
}
