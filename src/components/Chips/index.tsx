import { View, Text } from '@tarojs/components';

export interface ChipOption<T extends string> {
  value: T;
  label: string;
}

interface Props<T extends string> {
  options: readonly ChipOption<T>[];
  value: T | '' | null;
  onChange: (value: T) => void;
  /** Class on every chip, e.g. "kind-chip", so tests can find them. */
  chipClass?: string;
  disabled?: boolean;
}

/** Single-select chips; used instead of Picker so every choice is visible and tappable. */
export default function Chips<T extends string>({ options, value, onChange, chipClass = '', disabled }: Props<T>) {
  return (
    <View className='chips'>
      {options.map((o) => {
        const active = o.value === value;
        return (
          <View
            key={o.value}
            className={`chip ${chipClass} ${active ? 'chip--active' : ''}`}
            data-value={o.value}
            aria-selected={active}
            onClick={() => !disabled && onChange(o.value)}
          >
            <Text>{o.label}</Text>
          </View>
        );
      })}
    </View>
  );
}

/** Multi-select chips; a chosen chip shows a tick. */
export function MultiChips<T extends string>({ options, value, onChange, chipClass = '', disabled }: Omit<Props<T>, 'value' | 'onChange'> & { value: readonly T[]; onChange: (value: T[]) => void }) {
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
