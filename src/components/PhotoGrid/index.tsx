import Taro from '@tarojs/taro';
import { View, Image } from '@tarojs/components';
import { photoUrl } from '../lib';
import './index.css';

/** Stored photos (fileIDs); tap to preview full size. */
export default function PhotoGrid({ photos }: { photos: string[] }) {
  if (!photos?.length) return null;
  const urls = photos.map(photoUrl);
  return (
    <View className='photo-grid'>
      {urls.map((u) => (
        <Image
          key={u}
          className='photo-grid__img'
          src={u}
          mode='aspectFill'
          onClick={() => Taro.previewImage({ current: u, urls }).catch(() => undefined)}
        />
      ))}
    </View>
  );
}
