import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { CardView } from '../../core/api/contract';
import './index.css';

/** The paper 干部联系卡, on screen: 我叫 / 工作单位 / 职务 / 联系电话 and the two slogans. */
export default function CadreCard({ card }: { card: CardView }) {
  const call = () => {
    Taro.makePhoneCall({ phoneNumber: card.phone }).catch(() => undefined);
  };
  return (
    <View className='cadre-card'>
      <View className='cadre-card__head'>
        <Text className='cadre-card__title'>干部联系卡</Text>
        <Text className='cadre-card__grid'>
          {card.communityName} · {card.gridName}
        </Text>
      </View>
      <View className='cadre-card__body'>
        <View className='cadre-card__row'>
          <Text className='cadre-card__label'>我叫：</Text>
          <Text className='cadre-card__value card-name'>{card.name}</Text>
          <Text className='cadre-card__tail'>，如有需要请联系我！</Text>
        </View>
        <View className='cadre-card__row'>
          <Text className='cadre-card__label'>工作单位：</Text>
          <Text className='cadre-card__value card-unit'>{card.workUnit}</Text>
        </View>
        <View className='cadre-card__row'>
          <Text className='cadre-card__label'>职务：</Text>
          <Text className='cadre-card__value card-title'>{card.title}</Text>
        </View>
        <View className='cadre-card__row cadre-card__row--phone'>
          <Text className='cadre-card__label'>联系电话：</Text>
          <Text className='cadre-card__value card-phone'>{card.phone}</Text>
          {card.phone && (
            <View className='call-btn' onClick={call}>
              <Text>拨打</Text>
            </View>
          )}
        </View>
      </View>
      <View className='cadre-card__slogans'>
        <Text className='cadre-card__slogan'>上下联动，平急结合</Text>
        <Text className='cadre-card__slogan'>网格连心，组团服务</Text>
      </View>
    </View>
  );
}
