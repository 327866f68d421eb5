import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import type { ItemView } from '../../core/api/contract';
import StateBadge, { OverdueBadge } from '../StateBadge';
import PhotoGrid from '../PhotoGrid';
import Timeline from '../Timeline';
import { Stars } from '../StarRating';
import { fmtTime, holderRoleText, listTime } from '../lib';
import './index.css';

/** The deadline that matters in this state: 核单 before acceptance, 报到 while whistled, else 办结. */
function deadlineOf(item: ItemView): { label: string; at: string } | null {
  if (item.state === 'rejected' || item.state === 'withdrawn' || item.state === 'appealing') return null;
  if (item.state === 'submitted' && item.responseDueAt) return { label: '核单时限', at: item.responseDueAt };
  if (item.state === 'whistled' && item.whistle) return { label: '报到时限', at: item.whistle.reportDueAt };
  return { label: '办结时限', at: item.dueAt };
}

/**
 * Everything about one item, read-only. Pages pass their forms as children; they render above the
 * timeline so the next step is not buried under history.
 */
export default function ItemDetail({ item, children }: { item: ItemView; children?: ReactNode }) {
  const deadline = deadlineOf(item);
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
          <Text className='kv__v item-holder'>
            {item.holderName || '—'}
            {holderRoleText(item.holderRoleLabel) ? <Text className='item-holder__role'>{holderRoleText(item.holderRoleLabel)}</Text> : null}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>办理层级</Text>
          <Text className='kv__v item-level'>{item.levelLabel || '—'}</Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>事项分级</Text>
          <Text className='kv__v item-class'>{item.classLabel || '—'}</Text>
        </View>
        {deadline && (
          <View className='kv'>
            <Text className='kv__k'>{deadline.label}</Text>
            <Text className={`kv__v item-due ${item.overdue ? 'item-due--over' : ''}`}>
              {fmtTime(deadline.at, 'YYYY-MM-DD HH:mm') || '—'}
              {item.state === 'paused' ? '（已挂起，暂停计时）' : item.overdue ? '（已超期）' : ''}
            </Text>
          </View>
        )}
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
        {item.onBehalf && (
          <View className='kv'>
            <Text className='kv__k'>登记方式</Text>
            <Text className='kv__v item-onbehalf'>
              {item.onBehalf.name}代居民登记（{item.onBehalf.channel === 'visit' ? '走访' : '电话'}）
            </Text>
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
          {item.appealUntil && <Text className='muted reject-box__until'>{fmtTime(item.appealUntil, 'YYYY-MM-DD HH:mm')} 前可以申诉</Text>}
        </View>
      )}

      {item.pause && (
        <View className='card pause-box'>
          <Text className='section-title'>{item.pause.approved ? '已挂起' : '申请挂起（待上级审批）'}</Text>
          <Text className='pause-box__text'>原因：{item.pause.reason}</Text>
          <Text className='muted'>
            {item.pause.approved ? '挂起期间暂停计时，' : '申请于 '}
            {fmtTime(item.pause.at, 'YYYY-MM-DD HH:mm')}
            {item.pause.approved ? ' 起' : ''}
          </Text>
        </View>
      )}

      {item.whistle && (
        <View className='card whistle-box'>
          <Text className='section-title'>吹哨 · {item.whistle.kindLabel}</Text>
          <Text className={`muted ${item.whistle.flagged ? 'whistle-box__late' : ''}`}>
            报到时限 {fmtTime(item.whistle.reportDueAt, 'YYYY-MM-DD HH:mm')}
            {item.whistle.flagged ? ' · 有部门未按时报到' : ''}
          </Text>
          {item.whistle.departments.map((d) => (
            <View key={d.id} className='whistle-dept' data-reported={d.reportedAt ? '1' : '0'}>
              <Text className='whistle-dept__name'>{d.name}</Text>
              <Text className={`whistle-dept__state ${d.reportedAt ? 'is-ok' : 'is-wait'}`}>
                {d.reportedAt ? `已报到 ${listTime(d.reportedAt)}` : '未报到'}
              </Text>
            </View>
          ))}
          {item.whistle.meeting && (
            <View className='whistle-meeting'>
              <Text className='whistle-meeting__title'>会商（{fmtTime(item.whistle.meeting.at)}）</Text>
              <Text className='whistle-meeting__text'>参会：{item.whistle.meeting.attendees.join('、')}</Text>
              <Text className='whistle-meeting__text'>方案：{item.whistle.meeting.plan}</Text>
            </View>
          )}
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
