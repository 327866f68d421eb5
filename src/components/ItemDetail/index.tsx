import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import type { ItemView } from '../../core/api/contract';
import StateBadge, { OverdueBadge } from '../StateBadge';
import PhotoGrid from '../PhotoGrid';
import Timeline from '../Timeline';
import { Stars } from '../StarRating';
import { fmtTime } from '../lib';
import './index.css';

/**
 * Everything about one item, read-only. Pages pass their forms as children; they render above the
 * timeline so the next step is not buried under history.
 */
export default function ItemDetail({ item, children }: { item: ItemView; children?: ReactNode }) {
  return (
    <View className='item-detail'>
      <View className='card item-header'>
        <View className='item-header__top'>
          <Text className='item-header__title'>
            {item.kindLabel} · {item.category}
          </Text>
          <View className='item-header__badges'>
            {item.overdue && <OverdueBadge />}
            <StateBadge state={item.state} label={item.stateLabel} />
          </View>
        </View>
        <View className='kv'>
          <Text className='kv__k'>当前处理人</Text>
          <Text className='kv__v item-holder'>{item.holderName || '—'}</Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>办理级别</Text>
          <Text className='kv__v item-class'>{item.classLabel || '—'}</Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>办理时限</Text>
          <Text className={`kv__v item-due ${item.overdue ? 'item-due--over' : ''}`}>
            {fmtTime(item.dueAt, 'YYYY-MM-DD HH:mm') || '—'}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>提交时间</Text>
          <Text className='kv__v'>{fmtTime(item.createdAt, 'YYYY-MM-DD HH:mm')}</Text>
        </View>
        {item.householdLabel && (
          <View className='kv'>
            <Text className='kv__k'>住户</Text>
            <Text className='kv__v item-household'>{item.householdLabel}</Text>
          </View>
        )}
        {item.anonymous && (
          <View className='kv'>
            <Text className='kv__k'>提交方式</Text>
            <Text className='kv__v'>匿名</Text>
          </View>
        )}
        {item.rectifyCount > 0 && (
          <View className='kv'>
            <Text className='kv__k'>整改次数</Text>
            <Text className='kv__v item-rectify'>{item.rectifyCount}</Text>
          </View>
        )}
      </View>

      <View className='card'>
        <Text className='section-title'>事项描述</Text>
        <Text className='item-desc'>{item.description}</Text>
        <PhotoGrid photos={item.photos} />
      </View>

      {item.rejectReason && (
        <View className='card reject-box'>
          <Text className='section-title'>退回原因</Text>
          <Text className='reject-box__text'>{item.rejectReason}</Text>
        </View>
      )}

      {item.resolution && (
        <View className='card resolution-box'>
          <Text className='section-title'>办理结果</Text>
          <Text className='resolution-box__note'>{item.resolution.note}</Text>
          <PhotoGrid photos={item.resolution.photos} />
          <Text className='muted'>办结时间：{fmtTime(item.resolution.at, 'YYYY-MM-DD HH:mm')}</Text>
        </View>
      )}

      {children}

      <View className='card'>
        <Text className='section-title'>时间线</Text>
        <Timeline events={item.timeline} />
      </View>

      {item.ratings?.length > 0 && (
        <View className='card ratings'>
          <Text className='section-title'>评价记录</Text>
          {item.ratings.map((r, i) => (
            <View key={`${r.at}-${i}`} className='rating-record'>
              <View className='rating-record__head'>
                <Stars n={r.stars} />
                <Text className={`rating-record__solved ${r.satisfied ? 'is-ok' : 'is-bad'}`}>
                  {r.solved ? '已解决' : '未解决'} · {r.satisfied ? '满意' : '不满意'}
                </Text>
              </View>
              {r.comment && <Text className='rating-record__comment'>{r.comment}</Text>}
              <Text className='muted'>{fmtTime(r.at, 'YYYY-MM-DD HH:mm')}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
