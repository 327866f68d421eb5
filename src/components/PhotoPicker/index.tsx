import { useRef, useState } from 'react';
import { View, Image, Text } from '@tarojs/components';
import { platform } from '../../services/platform';
import { photoUrl } from '../lib';
import './index.css';

interface Props {
  value: string[];
  onChange: (fileIDs: string[]) => void;
  openid: string;
  max?: number;
  disabled?: boolean;
  /** Called with true while uploads run, so forms can hold their submit button. */
  onBusy?: (busy: boolean) => void;
}

/** Choose, upload and show up to `max` photos; the value is the list of uploaded fileIDs. */
export default function PhotoPicker({ value, onChange, openid, max = 3, disabled, onBusy }: Props) {
  // Local paths show at once and do not depend on how storage serves files back.
  const local = useRef<Record<string, string>>({});
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState('');
  const remaining = max - value.length - uploading;

  async function add() {
    if (disabled) return;
    // Full: say so, instead of an add button that does nothing or vanishes.
    if (remaining <= 0) return setError(uploading ? '照片正在上传，请稍候' : `最多 ${max} 张照片，请先删除一张再添加`);
    setError('');
    // weapp: chooseMedia (platform.ts); cancelling answers no paths.
    const { paths, tooMany, notImages } = await platform.chooseImages(remaining);
    // Say what was left out rather than drop it silently.
    const left = [
      notImages.length ? `${notImages.join('、')} 不是图片，未添加（只能添加 JPG、PNG 等照片）` : '',
      tooMany ? `最多 ${max} 张照片，多选的 ${tooMany} 张未添加` : '',
    ].filter(Boolean).join('；');
    setError(left);
    if (!paths.length) return;
    setUploading(paths.length);
    onBusy?.(true);
    const uploaded: string[] = [];
    let failed = 0;
    for (const p of paths) {
      try {
        const id = await platform.uploadImage(p, openid);
        local.current[id] = p;
        uploaded.push(id);
      } catch (e) {
        failed += 1;
        const m = (e as Error)?.message;
        setError((prev) => [prev, m && /[\u4e00-\u9fa5]/.test(m) ? m : '图片上传失败，请重试'].filter(Boolean).join('；'));
      } finally {
        setUploading((n) => n - 1);
      }
    }
    onBusy?.(false);
    if (uploaded.length) onChange([...value, ...uploaded].slice(0, max));
    if (failed && !uploaded.length) setError((m) => m || '图片上传失败，请重试');
  }

  function remove(id: string) {
    if (disabled) return;
    onChange(value.filter((v) => v !== id));
  }

  return (
    <View className='photo-picker'>
      <View className='photo-picker__grid'>
        {value.map((id) => (
          <View key={id} className='photo-thumb'>
            <Image className='photo-thumb__img' src={local.current[id] || photoUrl(id)} mode='aspectFill' />
            <View className='photo-del' onClick={() => remove(id)}>
              <Text>×</Text>
            </View>
          </View>
        ))}
        {Array.from({ length: uploading }).map((_, i) => (
          <View key={`u${i}`} className='photo-thumb photo-thumb--uploading'>
            <Text>上传中…</Text>
          </View>
        ))}
        {!disabled && (
          <View className={`photo-add ${remaining > 0 ? '' : 'photo-add--full'}`} onClick={add}>
            <Text className='photo-add__plus'>+</Text>
            <Text className='photo-add__text'>添加照片</Text>
          </View>
        )}
      </View>
      <Text className='photo-picker__hint'>
        已选 {value.length}/{max} 张
      </Text>
      {error && <Text className='photo-error field-error'>{error}</Text>}
    </View>
  );
}
