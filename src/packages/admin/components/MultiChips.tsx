import { View, Text } from '@tarojs/components';

interface Props<T extends string> {
  options: readonly { value: T; label: string }[];
  value: readonly T[];
  onChange: (value: T[]) => void;
  chipClass?: string;
  disabled?: boolean;
}

/** Multi-select chips (the shared Chips is single-select). */
export default function MultiChips<T extends string>({ options, value, onChange, chipClass = '', disabled }: Props<T>) {
  return (
    <View className='chips'>
      {options.map((o) => {
        const on = value.includes(o.value);
        return (
          <View
            key={o.value}
            className={`chip ${chipClass} ${on ? 'chip--active' : ''}`}
            data-value={o.value}
            aria-selected={on}
            onClick={() => {
              if (disabled) return;
              onChange(on ? value.filter((v) => v !== o.value) : [...value, o.value]);
            }}
          >
            <Text>{on ? `✓ ${o.label}` : o.label}</Text>
          </View>
        );
      })}
    </View>
  );
}
