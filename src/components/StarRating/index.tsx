import { View, Text } from '@tarojs/components';
import './index.css';

const WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];

/** Five tappable stars; each carries its number in `data-star` and in a class for tests. */
export default function StarRating({ value, onChange }: { value: number; onChange?: (n: number) => void }) {
  return (
    <View className='star-rating'>
      {[1, 2, 3, 4, 5].map((n) => (
        <View
          key={n}
          className={`rate-star rate-star-${n} ${n <= value ? 'rate-star--on' : ''}`}
          data-star={n}
          aria-label={`${n}星`}
          onClick={() => onChange?.(n)}
        >
          <Text>★</Text>
        </View>
      ))}
      {value > 0 && <Text className='star-rating__word'>{`${value}星 · ${WORDS[value]}`}</Text>}
    </View>
  );
}

/** Read-only stars for rating records. */
export function Stars({ n }: { n: number }) {
  return <Text className='stars-readonly'>{'★'.repeat(n) + '☆'.repeat(Math.max(0, 5 - n))}</Text>;
}
