import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { ItemView } from '../../../core/api/contract';
import { AcceptInput, RejectInput, ResolveInput, StartInput } from '../../../core/schemas';
import { call } from '../../../services/api';
import { session } from '../../../stores/session';
import ItemDetail from '../../../components/ItemDetail';
import PhotoPicker from '../../../components/PhotoPicker';
import ErrorBox from '../../../components/ErrorBox';
import { fieldError, readParam } from '../../../components/lib';
import './index.css';
import LoadState from '../../../components/LoadState';
import { useItemDetail } from '../../../components/useItemDetail';
import { useSubmit } from '../../../components/useSubmit';

const REJECT_REASONS = ['重复事项', '不属于本网格', '信息不实'];
type Busy = '' | 'accept' | 'start' | 'resolve' | 'reject';

function HandlePage() {
  const id = readParam(useRouter().params.id);
  const { item, setItem, loadError, load, staleMessage } = useItemDetail(id);
  const form = useSubmit<Exclude<Busy, ''>>();
  const { busy, error, fields } = form;
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [reason, setReason] = useState('');
  const [quick, setQuick] = useState('');

  useDidShow(() => {
    void session.ensure();
    void load();
  });

  // Every command carries the loaded version; a stale one reloads so the cadre sees what changed.
  const versioned = (extra: object = {}) => ({ id: item?.id, version: item?.version, ...extra });
  const opts = (kind: Exclude<Busy, ''>) => ({ kind, onError: staleMessage });

  function done(kind: Exclude<Busy, ''>, next: ItemView | undefined) {
    if (!next) return;
    setItem(next);
    if (kind === 'resolve') {
      setNote('');
      setPhotos([]);
    }
    if (kind === 'reject') {
      setReason('');
      setQuick('');
    }
    Taro.showToast({ title: '已提交', icon: 'success' });
  }

  const accept = async () => done('accept', await form.submit(AcceptInput, versioned(), (v) => call('item.accept', v), opts('accept')));
  const start = async () => done('start', await form.submit(StartInput, versioned(), (v) => call('item.start', v), opts('start')));
  async function resolve() {
    if (uploading) return;
    done('resolve', await form.submit(ResolveInput, versioned({ note, photos }), (v) => call('item.resolve', v), opts('resolve')));
  }
  const reject = async () =>
    done('reject', await form.submit(RejectInput, versioned({ reason: fullReason() }), (v) => call('item.reject', v), opts('reject')));

  function fullReason() {
    const extra = reason.trim();
    if (quick && extra) return `${quick}：${extra}`;
    return quick || extra;
  }

  if (!item) {
    return <LoadState error={loadError} onRetry={() => void load()} />;
  }

  const can = (a: string) => item.actions.includes(a as ItemView['actions'][number]);
  const anyAction = ['accept', 'start', 'resolve', 'reject'].some(can);
  const btn = (base: string) => `btn ${base} ${busy ? 'btn--disabled' : ''}`;

  return (
    <View className='page handle'>
      <ErrorBox message={loadError} />
      <ItemDetail item={item}>
        <View className='card handle__actions'>
          <Text className='section-title'>办理</Text>
          {!anyAction && (
            <Text className='muted handle__none'>
              {item.isHolder ? '当前状态无需您操作' : '该事项当前不由您办理'}
            </Text>
          )}
          <ErrorBox message={error} />

          {(can('accept') || can('start')) && (
            <View className='btn-row handle__quick'>
              {can('accept') && (
                <View className={btn('btn-primary accept-btn')} onClick={accept}>
                  <Text>{busy === 'accept' ? '正在受理…' : '受理'}</Text>
                </View>
              )}
              {can('start') && (
                <View className={btn('btn-primary start-btn')} onClick={start}>
                  <Text>{busy === 'start' ? '正在提交…' : '开始办理'}</Text>
                </View>
              )}
            </View>
          )}

          {can('resolve') && (
            <View className='handle__form resolve-form'>
              <Text className='field__label'>办结情况</Text>
              <Textarea
                className='textarea resolve-note'
                value={note}
                maxlength={500}
                placeholder='写明怎么办的、结果如何，居民会看到'
                onInput={(e) => setNote(e.detail.value)}
              />
              <Text className='counter'>{note.length}/500</Text>
              {fieldError(fields, 'note') && <Text className='field-error'>{fieldError(fields, 'note')}</Text>}
              <Text className='field__label handle__photos-label'>现场照片（选填，最多 3 张）</Text>
              <PhotoPicker
                value={photos}
                onChange={setPhotos}
                openid={session.me?.openid ?? 'cadre'}
                disabled={!!busy}
                onBusy={setUploading}
              />
              {fieldError(fields, 'photos') && <Text className='field-error'>{fieldError(fields, 'photos')}</Text>}
              <View className={btn('btn-primary resolve-btn')} onClick={resolve}>
                <Text>{busy === 'resolve' ? '正在提交…' : uploading ? '照片上传中…' : '提交办结'}</Text>
              </View>
            </View>
          )}

          {can('reject') && (
            <View className='handle__form reject-form'>
              <Text className='field__label'>退回事项</Text>
              <Text className='hint'>退回原因会告知居民，请如实填写。</Text>
              <View className='chips handle__reasons'>
                {REJECT_REASONS.map((r) => (
                  <View
                    key={r}
                    className={`chip reject-chip ${quick === r ? 'chip--active' : ''}`}
                    onClick={() => setQuick(quick === r ? '' : r)}
                  >
                    <Text>{r}</Text>
                  </View>
                ))}
              </View>
              <Textarea
                className='textarea reject-reason'
                value={reason}
                maxlength={150}
                placeholder='补充说明（选了上面的原因可不填）'
                onInput={(e) => setReason(e.detail.value)}
              />
              {fieldError(fields, 'reason') && <Text className='field-error'>{fieldError(fields, 'reason')}</Text>}
              <View className={btn('btn-ghost reject-btn')} onClick={reject}>
                <Text>{busy === 'reject' ? '正在退回…' : '确认退回'}</Text>
              </View>
            </View>
          )}
        </View>
      </ItemDetail>
    </View>
  );
}

export default observer(HandlePage);
